#include "TokenBucket.h"

#include <algorithm>
#include <cmath>

namespace ward::server {

TokenBucket::TokenBucket(double ratePerSecond, double burst, std::int64_t nowMs)
    : m_rate(ratePerSecond)
    , m_burst(burst)
    , m_tokens(burst)
    , m_lastMs(nowMs)
{ }

void TokenBucket::refill(std::int64_t nowMs)
{
    // A clock that steps back (it should not: callers pass a monotonic one) adds nothing.
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_burst, m_tokens + static_cast<double>(nowMs - m_lastMs) * m_rate / 1000.0);
        m_lastMs = nowMs;
    }
}

bool TokenBucket::take(std::int64_t nowMs)
{
    refill(nowMs);
    if (m_tokens < 1.0) {
        return false;
    }
    m_tokens -= 1.0;
    return true;
}

std::int64_t TokenBucket::retryAfterMs(std::int64_t nowMs)
{
    refill(nowMs);
    if (m_tokens >= 1.0) {
        return 0;
    }
    return static_cast<std::int64_t>(std::ceil((1.0 - m_tokens) * 1000.0 / m_rate));
}

} // namespace ward::server
