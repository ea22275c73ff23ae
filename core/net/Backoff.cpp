#include "net/Backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace ward::net {

Backoff::Backoff(RandomSource random, std::chrono::milliseconds base, std::chrono::milliseconds cap)
    : m_random(std::move(random))
    , m_base(std::max(base, std::chrono::milliseconds(1)))
    , m_cap(std::max(cap, m_base))
{ }

std::chrono::milliseconds Backoff::ceiling() const
{
    // Doubling stops once it passes the cap, so the shift never overflows.
    std::int64_t ceilingMs = m_base.count();
    for (int i = 0; i < m_attempts && ceilingMs < m_cap.count(); ++i) {
        ceilingMs *= 2;
    }
    return std::chrono::milliseconds(std::min(ceilingMs, static_cast<std::int64_t>(m_cap.count())));
}

std::chrono::milliseconds Backoff::next()
{
    const auto top = static_cast<std::uint64_t>(ceiling().count());
    if (m_attempts < 64) {
        ++m_attempts;
    }
    // Modulo bias over a 64-bit draw for a range of at most 30 000 values is far below anything observable.
    return std::chrono::milliseconds(static_cast<std::int64_t>(m_random() % (top + 1)));
}

void Backoff::connected(std::int64_t nowMs)
{
    m_connectedAtMs = nowMs;
}

void Backoff::disconnected(std::int64_t nowMs)
{
    if (m_connectedAtMs >= 0 && nowMs - m_connectedAtMs >= kStableMs) {
        reset();
    }
    m_connectedAtMs = -1;
}

Backoff::RandomSource Backoff::systemRandom()
{
    return [] { return QRandomGenerator::global()->generate64(); };
}

} // namespace ward::net
