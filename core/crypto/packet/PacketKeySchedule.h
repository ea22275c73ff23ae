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

namespace ward::crypto::packet {

inline constexpr std::size_t kKeyBytes = 32;
inline constexpr char kMediaLabel[] = "ward/v1/media";
inline constexpr char kMessageLabel[] = "ward/v1/message";
inline constexpr char kRekeyLabel[] = "ward/v1/rekey";

// The epoch-0 key of one kind for the direction whose Split key is given (kKeyBytes long).
Result<SecretBytes> initialPacketKey(const SecretBytes& splitKey, PacketKind kind);

// The key of the next epoch; `key` is kKeyBytes long.
Result<SecretBytes> nextEpochKey(const SecretBytes& key);

} // namespace ward::crypto::packet
