// The receiver's memory of which sequence numbers of one stream have opened: the newest one, and a bitmap of
// the kReplayWindow before it. check() judges a sequence number without changing anything, so a packet is
// checked before decryption and accept() is called only once it has authenticated; a forged packet never
// moves the window.
#pragma once

#include "crypto/packet/PacketCounters.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace ward::crypto::packet {

// A packet up to this many sequence numbers behind the newest on its stream still opens (once); one further
// back is too old. 1024 packets cover about 10 s of audio or 1-2 s of video at high rates.
inline constexpr std::uint64_t kReplayWindow = 1024;

class ReplayWindow {
public:
    // Opened when the sequence number is new, otherwise TooOld or Replayed.
    OpenStatus check(std::uint64_t sequence) const;
    // Records an authenticated packet. The caller has had Opened from check() for the same number.
    void accept(std::uint64_t sequence);

    bool empty() const { return !m_any; }
    std::uint64_t newest() const { return m_newest; }

private:
    // A ring of bits indexed by sequence modulo kRingBits, cleared a word at a time as the newest number
    // moves forward (RFC 6479's scheme). It is larger than the window, so the kReplayWindow + 1 numbers
    // that matter never share a word with stale ones.
    static constexpr std::size_t kWordBits = 64;
    static constexpr std::size_t kRingWords = 32;
    static constexpr std::uint64_t kRingBits = kRingWords * kWordBits;
    static_assert(kReplayWindow + kWordBits <= kRingBits);

    bool isSet(std::uint64_t sequence) const;

    std::array<std::uint64_t, kRingWords> m_bits {};
    std::uint64_t m_newest = 0;
    bool m_any = false;
};

} // namespace ward::crypto::packet
