#include "store/UnlockThrottle.h"

#include "store/FileSafety.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace ward::store {

namespace {
constexpr qsizetype kMaxStateBytes = 16 * 1024;
}

UnlockThrottle::UnlockThrottle(QString path, Clock clock)
    : m_path(std::move(path))
    , m_clock(std::move(clock))
{ }

std::int64_t UnlockThrottle::delayAfter(int failures)
{
    if (failures < kFreeAttempts) {
        return 0;
    }
    const int doublings = std::min(failures - kFreeAttempts, 20);
    return std::min(kFirstDelayMs << doublings, kMaxDelayMs);
}

UnlockThrottleState UnlockThrottle::load() const
{
    UnlockThrottleState state;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        return state;
    }
    // A damaged counter must not lock a person out for good, nor reset the count to zero: it reads as the
    // number of free attempts used up, so the next wrong passphrase waits again.
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(kMaxStateBytes));
    if (!doc.isObject()) {
        state.consecutiveFailures = kFreeAttempts;
        return state;
    }
    const QJsonObject o = doc.object();
    state.consecutiveFailures = std::clamp(o.value(QStringLiteral("failures")).toInt(), 0, 1'000'000);
    state.lastAttemptMs = std::max<std::int64_t>(0, o.value(QStringLiteral("last_attempt_ms")).toInteger());
    const QJsonArray times = o.value(QStringLiteral("unreported_ms")).toArray();
    for (const QJsonValue& t : times) {
        if (state.unreportedFailuresMs.size() < kMaxRemembered) {
            state.unreportedFailuresMs.append(t.toInteger());
        }
    }
    return state;
}

Status UnlockThrottle::save(const UnlockThrottleState& state) const
{
    QJsonArray times;
    for (std::int64_t t : state.unreportedFailuresMs) {
        times.append(static_cast<qint64>(t));
    }
    QJsonObject o;
    o.insert(QStringLiteral("failures"), state.consecutiveFailures);
    o.insert(QStringLiteral("last_attempt_ms"), static_cast<qint64>(state.lastAttemptMs));
    o.insert(QStringLiteral("unreported_ms"), times);
    return writeFileAtomically(m_path, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::int64_t UnlockThrottle::remainingMs(const UnlockThrottleState& state, std::int64_t now)
{
    const std::int64_t delay = delayAfter(state.consecutiveFailures);
    // A last attempt "in the future" means the clock was set back: the full delay applies from now, so
    // neither a clock change nor an edited file can stretch the wait beyond it (nor overflow the sum).
    if (state.lastAttemptMs >= now) {
        return delay;
    }
    const std::int64_t elapsed = now - state.lastAttemptMs;
    return elapsed >= delay ? 0 : delay - elapsed;
}

std::int64_t UnlockThrottle::waitRemainingMs() const
{
    return remainingMs(load(), m_clock());
}

Status UnlockThrottle::beginAttempt()
{
    UnlockThrottleState state = load();
    const std::int64_t now = m_clock();
    if (state.lastAttemptMs > now) {
        state.lastAttemptMs = now;
        if (auto status = save(state); !status) {
            return status;
        }
    }
    const std::int64_t wait = remainingMs(state, now);
    if (wait > 0) {
        const std::int64_t seconds = (wait + 999) / 1000;
        return makeError(ErrorCode::Throttled,
            QStringLiteral("Too many wrong passphrases. Wait %1 before trying again.")
                .arg(seconds >= 120 ? QStringLiteral("%1 minutes").arg((seconds + 59) / 60)
                                    : QStringLiteral("%1 seconds").arg(seconds)));
    }
    state.consecutiveFailures += 1;
    state.lastAttemptMs = now;
    state.unreportedFailuresMs.append(now);
    while (state.unreportedFailuresMs.size() > kMaxRemembered) {
        state.unreportedFailuresMs.removeFirst();
    }
    return save(state);
}

QList<std::int64_t> UnlockThrottle::failuresBeforeThisAttempt() const
{
    QList<std::int64_t> failures = load().unreportedFailuresMs;
    // The last entry is the attempt now in progress, which succeeded.
    if (!failures.isEmpty()) {
        failures.removeLast();
    }
    return failures;
}

Status UnlockThrottle::reset()
{
    return save(UnlockThrottleState {});
}

} // namespace ward::store
