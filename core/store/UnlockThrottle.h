// Slows down passphrase guessing: after a few wrong passphrases each further attempt must wait longer,
// and the count survives restarts because it lives in a small file in the profile folder (it must be
// readable while the profile is locked, so it is not in the encrypted store). An attempt is counted as
// failed before the passphrase is tried, so killing the process mid-attempt does not reset the count.
// The failures are reported to the audit log at the next successful unlock.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QList>
#include <QString>

#include <cstdint>

namespace ward::store {

struct UnlockThrottleState {
    int consecutiveFailures = 0;
    std::int64_t lastAttemptMs = 0;
    QList<std::int64_t> unreportedFailuresMs; // times of failed attempts not yet in the audit log
};

class UnlockThrottle {
public:
    static constexpr int kFreeAttempts = 3;
    static constexpr std::int64_t kFirstDelayMs = 5'000;
    static constexpr std::int64_t kMaxDelayMs = 15 * 60'000;
    static constexpr int kMaxRemembered = 100;

    UnlockThrottle(QString path, Clock clock);

    // How long the next attempt must wait after `failures` consecutive failures.
    static std::int64_t delayAfter(int failures);

    UnlockThrottleState load() const;
    std::int64_t waitRemainingMs() const;

    // Before trying a passphrase: refuses while the delay runs, otherwise counts the attempt as a failure.
    Status beginAttempt();
    // After the passphrase opened the profile: the failed attempts to write to the audit log, then reset()
    // once they are written, so that a failed audit write loses nothing.
    QList<std::int64_t> failuresBeforeThisAttempt() const;
    Status reset();

private:
    static std::int64_t remainingMs(const UnlockThrottleState& state, std::int64_t now);
    Status save(const UnlockThrottleState& state) const;
    QString m_path;
    Clock m_clock;
};

} // namespace ward::store
