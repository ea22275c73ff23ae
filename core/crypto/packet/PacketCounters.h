// What became of each packet handed to a receiver: opened, or dropped for one reason. The counts are for
// call statistics and diagnostics; a drop is never an error a person has to act on.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace ward::crypto::packet {

enum class OpenStatus : std::uint8_t {
    Opened,
    Truncated, // shorter than a header and a tag
    Malformed, // longer than the limit, unknown version, or a stream id out of range
    WrongEpoch, // an epoch this receiver cannot read (too far ahead, or older than the grace allows)
    TooOld, // more than kReplayWindow sequence numbers behind the newest on its stream
    Replayed, // this stream and sequence number already opened
    Tampered, // did not authenticate: forged, corrupted, or sealed under another key
    OutputTooSmall, // the caller's buffer cannot hold the plaintext; the packet was not judged nor counted
};

inline constexpr std::size_t kOpenStatusCount = 8;

struct PacketCounters {
    std::array<std::uint64_t, kOpenStatusCount> byStatus {};

    std::uint64_t operator[](OpenStatus status) const { return byStatus[static_cast<std::size_t>(status)]; }
    void count(OpenStatus status) { ++byStatus[static_cast<std::size_t>(status)]; }

    std::uint64_t opened() const { return (*this)[OpenStatus::Opened]; }
    std::uint64_t dropped() const
    {
        std::uint64_t total = 0;
        for (std::size_t i = 1; i < kOpenStatusCount; ++i) {
            total += byStatus[i];
        }
        return total;
    }
};

// A short English name for logs and statistics ("replayed", "tampered"); never shown as an error.
const char* openStatusName(OpenStatus status);

} // namespace ward::crypto::packet
