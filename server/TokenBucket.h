// A token bucket: `rate` tokens a second up to `burst`, one taken per request. It bounds what one
// connection can make the server do, whatever the requests are; times come from a monotonic clock in ms.
#pragma once

#include <cstdint>

namespace ward::server {

class TokenBucket {
public:
    TokenBucket(double ratePerSecond, double burst, std::int64_t nowMs);

    // Takes a token when one is there.
    bool take(std::int64_t nowMs);
    // How long until a token is there (0 when one is).
    std::int64_t retryAfterMs(std::int64_t nowMs);

private:
    void refill(std::int64_t nowMs);

    double m_rate;
    double m_burst;
    double m_tokens;
    std::int64_t m_lastMs;
};

} // namespace ward::server
