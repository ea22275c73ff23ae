#include "services/SignInThrottle.h"

#include <algorithm>

namespace ward::server {

std::int64_t SignInThrottle::delayAfterFailures(int failures)
{
    if (failures <= kFreeFailures) {
        return 0;
    }
    // 2^(n-5) s passes 300 s at n = 14; stop shifting well before the integer could overflow.
    const int exponent = failures - kFreeFailures - 1;
    if (exponent >= 20) {
        return kMaxDelayMs;
    }
    return std::min<std::int64_t>((std::int64_t { 1 } << exponent) * 1000, kMaxDelayMs);
}

bool SignInThrottle::forgotten(const Entry& entry, std::int64_t nowMs)
{
    return nowMs - entry.lastFailureMs > kAddressMemoryMs && nowMs >= entry.nextAttemptMs;
}

std::int64_t SignInThrottle::addressRetryAfterMs(const QString& address, std::int64_t nowMs) const
{
    const auto entry = m_addresses.constFind(address);
    if (entry == m_addresses.constEnd()) {
        return 0;
    }
    return std::max<std::int64_t>(0, entry->nextAttemptMs - nowMs);
}

int SignInThrottle::addressFailures(const QString& address, std::int64_t nowMs) const
{
    const auto entry = m_addresses.constFind(address);
    if (entry == m_addresses.constEnd() || forgotten(*entry, nowMs)) {
        return 0;
    }
    return entry->failures;
}

int SignInThrottle::addressFailed(const QString& address, std::int64_t nowMs)
{
    auto entry = m_addresses.find(address);
    if (entry == m_addresses.end()) {
        makeRoom(nowMs);
        entry = m_addresses.insert(address, Entry {});
    } else if (forgotten(*entry, nowMs)) {
        *entry = Entry {};
    }
    entry->failures = std::min(entry->failures + 1, kLockAfterFailures);
    entry->lastFailureMs = nowMs;
    entry->nextAttemptMs = nowMs + delayAfterFailures(entry->failures);
    return entry->failures;
}

void SignInThrottle::makeRoom(std::int64_t nowMs)
{
    if (m_addresses.size() < kMaxAddresses) {
        return;
    }
    m_addresses.removeIf([nowMs](const auto& item) { return forgotten(item.value(), nowMs); });
    // Still full of recent failures (a flood from many addresses): forget the one idle longest, which the
    // flood itself most likely left.
    // A plain loop over keys: std::min_element over QHash iterators trips gcc 12's -Wnull-dereference at -O2.
    while (m_addresses.size() >= kMaxAddresses) {
        QString oldest;
        std::int64_t oldestMs = 0;
        bool first = true;
        for (auto item = m_addresses.cbegin(); item != m_addresses.cend(); ++item) {
            if (first || item.value().lastFailureMs < oldestMs) {
                oldest = item.key();
                oldestMs = item.value().lastFailureMs;
                first = false;
            }
        }
        m_addresses.remove(oldest);
    }
}

} // namespace ward::server
