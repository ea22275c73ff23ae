#include "crypto/packet/ReplayWindow.h"

namespace ward::crypto::packet {

namespace {
constexpr std::size_t kWordShift = 6; // log2 of 64 bits a word
}

bool ReplayWindow::isSet(std::uint64_t sequence) const
{
    const std::uint64_t word = m_bits[(sequence >> kWordShift) % kRingWords];
    return ((word >> (sequence % kWordBits)) & 1U) != 0;
}

OpenStatus ReplayWindow::check(std::uint64_t sequence) const
{
    if (!m_any || sequence > m_newest) {
        return OpenStatus::Opened;
    }
    if (m_newest - sequence > kReplayWindow) {
        return OpenStatus::TooOld;
    }
    return isSet(sequence) ? OpenStatus::Replayed : OpenStatus::Opened;
}

void ReplayWindow::accept(std::uint64_t sequence)
{
    if (check(sequence) != OpenStatus::Opened) {
        return; // nothing to record, and a bit set outside the window would land in a stale word
    }
    if (!m_any) {
        m_bits.fill(0);
        m_newest = sequence;
        m_any = true;
    } else if (sequence > m_newest) {
        // Clear the words the newest number moves into; they may still hold bits from kRingBits ago.
        const std::uint64_t fromWord = m_newest >> kWordShift;
        const std::uint64_t toWord = sequence >> kWordShift;
        if (toWord - fromWord >= kRingWords) {
            m_bits.fill(0);
        } else {
            for (std::uint64_t w = fromWord + 1; w <= toWord; ++w) {
                m_bits[w % kRingWords] = 0;
            }
        }
        m_newest = sequence;
    }
    m_bits[(sequence >> kWordShift) % kRingWords] |= std::uint64_t { 1 } << (sequence % kWordBits);
}

} // namespace ward::crypto::packet
