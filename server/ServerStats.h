// Counters of what the server has seen since it started: requests served and every kind of refusal, so an
// operator can see garbage, probing and abuse at a glance (ward-server logs them periodically and at
// shutdown). Counts only: never an address, a user or content. Server thread only.
#pragma once

#include <QString>
#include <array>
#include <cstdint>

namespace ward::server {

class ServerStats {
public:
    enum class Counter {
        Connections,
        Requests,
        Malformed,
        TooLarge,
        UnknownType,
        Unauthenticated,
        Forbidden,
        RateLimited,
        SignInFailures,
        Count_, // not a counter: the number of counters
    };

    void count(Counter counter) { ++m_values[static_cast<std::size_t>(counter)]; }
    std::uint64_t value(Counter counter) const { return m_values[static_cast<std::size_t>(counter)]; }
    // "connections=3 requests=120 malformed=1 ...", for the log.
    QString summary() const;

private:
    std::array<std::uint64_t, static_cast<std::size_t>(Counter::Count_)> m_values {};
};

} // namespace ward::server
