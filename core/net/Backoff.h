// How long a client waits before reconnecting: exponential backoff with full jitter (a delay drawn
// uniformly from 0 to min(cap, base * 2^attempt)), so that a clinic's clients do not all return at once
// after a server restart. The attempt count starts again only after a connection has stayed up for
// kStableMs; a link that drops straight after connecting keeps backing off. The random source is a seam
// so tests can seed it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace ward::net {

class Backoff {
public:
    // Uniform over all 64-bit values.
    using RandomSource = std::function<std::uint64_t()>;

    static constexpr std::chrono::milliseconds kBase { 500 };
    static constexpr std::chrono::milliseconds kCap { 30'000 };
    static constexpr std::int64_t kStableMs = 30'000;

    explicit Backoff(RandomSource random = systemRandom(), std::chrono::milliseconds base = kBase,
        std::chrono::milliseconds cap = kCap);

    // The delay before the next attempt; each call counts one attempt.
    std::chrono::milliseconds next();
    // The ceiling the next call draws under.
    std::chrono::milliseconds ceiling() const;
    int attempts() const { return m_attempts; }
    void reset() { m_attempts = 0; }

    // The connection came up / went down at `nowMs`; a connection that lasted kStableMs resets the count.
    void connected(std::int64_t nowMs);
    void disconnected(std::int64_t nowMs);

    static RandomSource systemRandom();

private:
    RandomSource m_random;
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_cap;
    int m_attempts = 0;
    std::int64_t m_connectedAtMs = -1;
};

} // namespace ward::net
