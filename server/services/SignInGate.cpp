#include "services/SignInGate.h"

#include "ServerAuditEvent.h"
#include "ServerContext.h"
#include "Session.h"
#include "services/SignInThrottle.h"
#include "store/AuditLog.h"
#include "store/Transaction.h"

#include <QCborMap>
#include <algorithm>

namespace ward::server {

std::int64_t SignInGate::retryAfterMs(const QString& address, const Account* account) const
{
    const std::int64_t nowMs = m_context.clock();
    std::int64_t wait = m_throttle.addressRetryAfterMs(address, nowMs);
    if (account != nullptr) {
        wait = std::max(wait, account->nextSignInMs - nowMs);
    }
    return std::max<std::int64_t>(wait, 0);
}

void SignInGate::refuseThrottled(
    Session& session, const protocol::Message& request, std::int64_t retryAfterMs)
{
    m_context.stats.count(ServerStats::Counter::SignInFailures);
    QCborMap extra;
    extra.insert(QLatin1String("retryAfterMs"), static_cast<qint64>(retryAfterMs));
    const qint64 seconds = (retryAfterMs + 999) / 1000;
    session.fail(request, protocol::WireError::Throttled,
        QStringLiteral("Too many failed attempts. Wait %1 seconds, then try again.").arg(seconds), extra);
}

int SignInGate::recordFailure(
    const QString& address, const Account* account, const QString& reason, const QString& subject)
{
    const std::int64_t nowMs = m_context.clock();
    m_context.stats.count(ServerStats::Counter::SignInFailures);
    const int addressFailures = m_throttle.addressFailed(address, nowMs);
    if (account == nullptr) {
        (void)m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::SignInFailed),
            QStringLiteral("user=%1 reason=%2 failures=%3")
                .arg(subject.isEmpty() ? QStringLiteral("unknown") : subject, reason)
                .arg(addressFailures));
        return addressFailures;
    }
    const int failures = account->failedSignIns + 1;
    const bool locksNow = failures >= SignInThrottle::kLockAfterFailures && !account->lockedMs;
    const std::optional<std::int64_t> lockedMs = locksNow ? std::optional(nowMs) : account->lockedMs;
    // The count and its audit entries commit together; a store that cannot record a failure leaves the
    // attempt refused all the same.
    auto tx = store::Transaction::begin(m_context.db);
    if (!tx) {
        return failures;
    }
    AccountRepository accounts(m_context.db);
    if (!accounts.recordFailure(
            account->userId, failures, nowMs + SignInThrottle::delayAfterFailures(failures), lockedMs)) {
        return failures;
    }
    (void)m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::SignInFailed),
        QStringLiteral("user=%1 reason=%2 failures=%3")
            .arg(account->userId, reason, QString::number(failures)));
    if (locksNow) {
        (void)m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::AccountLocked),
            QStringLiteral("user=%1 failures=%2").arg(account->userId, QString::number(failures)));
    }
    (void)tx->commit();
    return failures;
}

Status SignInGate::recordSuccess(const QString& userId)
{
    return AccountRepository(m_context.db).clearFailures(userId);
}

} // namespace ward::server
