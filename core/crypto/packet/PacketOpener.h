// The receiving half of one direction and kind: opens packets sealed by the peer's PacketSealer, drops and
// counts everything else. It follows the sender's epochs without a round trip: the keys of the next
// kMaxEpochJump epochs are derived ahead of time, and the receiver moves to a later epoch only when a packet
// of it authenticates. The epoch it leaves stays readable for PacketLimits::previousEpochGraceMs, then its
// key is wiped; keys of older epochs are wiped as soon as they are left.
//
//   packet -> size, version, stream ok? -> epoch readable? -> replay window says new? -> authenticates?
//             (Truncated, Malformed)       (WrongEpoch)       (TooOld, Replayed)        (Tampered)
//          -> window records it; a later epoch becomes current -> Opened
//
// Nothing here trusts the packet: every check is a comparison, never an assert. Not thread-safe. Opening into
// a caller's buffer does not allocate, epoch changes included.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/packet/PacketCounters.h"
#include "crypto/packet/PacketHeader.h"
#include "crypto/packet/PacketLimits.h"
#include "crypto/packet/ReplayWindow.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ward::crypto::packet {

// How far ahead of its current epoch a receiver follows the sender. An honest sender moves one epoch at a
// time, so a jump means every packet of the epochs in between was lost; up to 3 such epochs are survived.
// A packet further ahead is dropped as WrongEpoch. The keys are ready in advance, so a forged packet with
// a future epoch costs one failed authentication, never a key derivation.
inline constexpr std::uint32_t kMaxEpochJump = 4;

struct OpenResult {
    OpenStatus status = OpenStatus::Malformed;
    std::size_t size = 0; // plaintext bytes written to the caller's buffer when Opened
    PacketHeader header; // as read from the packet when Opened
};

class PacketOpener {
public:
    // `key` is the peer's epoch-0 key for this direction and kind, kKeyBytes long.
    static Result<PacketOpener> create(SecretBytes key, const PacketLimits& limits, Clock clock);

    // Opens `size` bytes of `packet` into `out`, which needs size - kOverheadBytes bytes (at most
    // limits().maxPlaintextBytes()). `out` may be `packet + kHeaderBytes` (opening in place) but must not
    // otherwise overlap it. Unless Opened, the contents of `out` are unspecified and must not be used.
    OpenResult open(const std::uint8_t* packet, std::size_t size, std::uint8_t* out, std::size_t capacity);
    // The same, into a new buffer; an error names the reason for the drop.
    Result<SecretBytes> open(const QByteArray& packet);

    const PacketCounters& counters() const { return m_counters; }
    std::uint32_t epoch() const { return m_epoch; }
    // Whether the epoch before the current one can still be read (its grace has not ended).
    bool readsPreviousEpoch();
    const PacketLimits& limits() const { return m_limits; }

private:
    // Key slots in one secure buffer: the previous epoch's, the current one's, then the next kMaxEpochJump.
    static constexpr std::size_t kPreviousSlot = 0;
    static constexpr std::size_t kCurrentSlot = 1;
    static constexpr std::size_t kSlots = 2 + kMaxEpochJump;
    static constexpr std::size_t kNoSlot = kSlots;

    PacketOpener(SecretBytes keys, const PacketLimits& limits, Clock clock);

    OpenResult drop(OpenStatus status);
    std::size_t slotFor(std::uint32_t epoch) const;
    // Fills the slots from `firstSlot` on, each with the key of the epoch after the slot before it.
    static void deriveAfter(std::uint8_t* keys, std::size_t firstSlot);
    void advanceTo(std::size_t slot);
    void forgetPreviousIfExpired();
    const std::uint8_t* key(std::size_t slot) const;

    SecretBytes m_keys;
    PacketLimits m_limits;
    Clock m_clock;
    std::uint32_t m_epoch = 0;
    bool m_hasPrevious = false;
    std::uint32_t m_previousEpoch = 0;
    std::int64_t m_previousSinceMs = 0;
    std::vector<ReplayWindow> m_windows; // one a stream, sized once
    PacketCounters m_counters;
};

} // namespace ward::crypto::packet
