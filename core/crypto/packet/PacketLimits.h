// The two kinds of protected traffic after a handshake and the limits each one lives under: how big a packet
// may be, when the sender moves to the next key epoch, how long the receiver still reads the previous one,
// and where the sequence and epoch spaces end. The defaults are the protocol; tests shrink them.
#pragma once

#include "crypto/packet/PacketHeader.h"

#include <cstddef>
#include <cstdint>
#include <limits>

namespace ward::crypto::packet {

// Media (audio and video frames over an unreliable transport) and messages (chat and control inside a call)
// get separate keys from the same handshake, so a packet of one kind never opens as the other.
enum class PacketKind { Media, Message };

// Wire sizes (header + ciphertext + tag). Media stays within an Ethernet MTU's worth of payload; messages
// may be larger but are still bounded, so a receiver never needs more than this much room.
inline constexpr std::size_t kMaxMediaPacketBytes = 1500;
inline constexpr std::size_t kMaxMessagePacketBytes = 65536;

struct PacketLimits {
    std::size_t maxPacketBytes = kMaxMediaPacketBytes;

    // The sender starts a new epoch before sealing once either limit is reached. 2^20 packets keeps one
    // key's use far below any XChaCha20-Poly1305 bound; 10 minutes bounds what one leaked key exposes.
    std::uint64_t rekeyAfterPackets = std::uint64_t { 1 } << 20;
    std::int64_t rekeyAfterMs = std::int64_t { 10 } * 60 * 1000;

    // After the receiver moves to a new epoch, packets of the epoch before still open for this long (late
    // and reordered packets from around the switch); then that key is wiped.
    std::int64_t previousEpochGraceMs = 5000;

    // The last sequence number a stream may use and the last epoch a session may reach. Sealing past
    // either fails; the call must then run a new handshake. Tests lower them to reach the ends quickly.
    std::uint64_t lastSequence = std::numeric_limits<std::uint64_t>::max();
    std::uint32_t lastEpoch = std::numeric_limits<std::uint32_t>::max();

    static PacketLimits forKind(PacketKind kind)
    {
        PacketLimits limits;
        limits.maxPacketBytes = kind == PacketKind::Media ? kMaxMediaPacketBytes : kMaxMessagePacketBytes;
        return limits;
    }
    std::size_t maxPlaintextBytes() const
    {
        return maxPacketBytes > kOverheadBytes ? maxPacketBytes - kOverheadBytes : 0;
    }
};

} // namespace ward::crypto::packet
