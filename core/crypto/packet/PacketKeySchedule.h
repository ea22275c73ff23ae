// Where packet keys come from. Each direction's Split key from the handshake yields one key per kind:
//   key(kind, epoch 0)     = HKDF-SHA256(salt = empty, IKM = split key, info = label(kind), 32 bytes)
//   key(kind, epoch n + 1) = HKDF-Expand-SHA256(PRK = key(kind, n), info = kRekeyLabel, 32 bytes)
// with label(Media) = "ward/v1/media" and label(Message) = "ward/v1/message". The rekey step is one-way, so
// a key that leaks in epoch n opens nothing sealed before it. Both ends compute the same chain, no round
// trip.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/packet/PacketLimits.h"

#include <cstdint>

namespace ward::crypto::packet {

inline constexpr std::size_t kKeyBytes = 32;
inline constexpr char kMediaLabel[] = "ward/v1/media";
inline constexpr char kMessageLabel[] = "ward/v1/message";
inline constexpr char kRekeyLabel[] = "ward/v1/rekey";

// The epoch-0 key of one kind for the direction whose Split key is given (kKeyBytes long).
Result<SecretBytes> initialPacketKey(const SecretBytes& splitKey, PacketKind kind);

// Replaces the kKeyBytes at `key` with the next epoch's key. HKDF-Expand to one hash length is a single
// HMAC block, HMAC-SHA256(key, kRekeyLabel || 0x01), computed here straight into place with its state wiped:
// a rekey happens in the middle of a media stream, where it must not allocate or make a system call (each
// SecretBytes is a few). A test holds it equal to hkdfExpand.
void advanceEpochKey(std::uint8_t* key);

} // namespace ward::crypto::packet
