// How long a sign-in must wait after consecutive failures, and the failures of each network address (kept
// in memory; an account's own count lives in the store). No delay for the first kFreeFailures failures, then
// 2^(n-5) seconds after the n-th, capped at kMaxDelayMs; kLockAfterFailures in a row lock the account.
// An address's count is not cleared by a success (one good account must not launder another's guesses) but
// is forgotten after kAddressMemoryMs without a failure. Server thread only.
#pragma once

#include <QHash>
#include <QString>
#include <cstdint>

namespace ward::server {

class SignInThrottle {
public:
    static constexpr int kFreeFailures = 4;
    static constexpr std::int64_t kMaxDelayMs = 300'000;
    static constexpr int kLockAfterFailures = 100;
    static constexpr std::int64_t kAddressMemoryMs = 60 * 60'000;
    // More addresses than this at once and the longest idle ones are forgotten first.
    static constexpr qsizetype kMaxAddresses = 65'536;

    // The wait after `failures` consecutive failures: 0 up to kFreeFailures, then 1 s, 2 s, 4 s ... 300 s.
    static std::int64_t delayAfterFailures(int failures);

    // Milliseconds until `address` may try again; 0 when it may now.
    std::int64_t addressRetryAfterMs(const QString& address, std::int64_t nowMs) const;
    // Counts a failure from `address`; returns its consecutive failures.
    int addressFailed(const QString& address, std::int64_t nowMs);
    int addressFailures(const QString& address, std::int64_t nowMs) const;
    qsizetype trackedAddresses() const { return m_addresses.size(); }

private:
    struct Entry {
        int failures = 0;
        std::int64_t lastFailureMs = 0;
        std::int64_t nextAttemptMs = 0;
    };
    static bool forgotten(const Entry& entry, std::int64_t nowMs);
    void makeRoom(std::int64_t nowMs);

    QHash<QString, Entry> m_addresses;
};

} // namespace ward::server
