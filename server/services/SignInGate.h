// The bookkeeping around every attempt to prove who one is (sign-in, resume, the TOTP code of an
// enrolment): whether the address or the account must still wait, and, after a failure, the counts that
// make it wait longer: the address's in SignInThrottle, the account's in the store (so a restart does not
// reset it), the lock after SignInThrottle::kLockAfterFailures, the ServerStats counter and the audit log.
// Server thread only.
#pragma once

#include "common/Result.h"
#include "protocol/Message.h"
#include "store/AccountRepository.h"

#include <QString>
#include <cstdint>
#include <optional>

namespace ward::server {

struct ServerContext;
class Session;
class SignInThrottle;

class SignInGate {
public:
    SignInGate(ServerContext& context, SignInThrottle& throttle)
        : m_context(context)
        , m_throttle(throttle)
    { }

    // Milliseconds until the address (and the account, when known) may try again; 0 when it may now.
    std::int64_t retryAfterMs(const QString& address, const Account* account) const;
    // Replies Throttled {retryAfterMs} and counts the refusal (without making the wait longer).
    void refuseThrottled(Session& session, const protocol::Message& request, std::int64_t retryAfterMs);
    // Counts a failed attempt against the address and, when known, the account; `reason` goes to the audit
    // log, with `subject` as the user when no account is known (an enrolment's user id; "unknown" when
    // empty). Returns the account's consecutive failures (the address's when no account is known).
    int recordFailure(
        const QString& address, const Account* account, const QString& reason, const QString& subject = {});
    // After a success: the account's count and delay are cleared.
    Status recordSuccess(const QString& userId);

private:
    ServerContext& m_context;
    SignInThrottle& m_throttle;
};

} // namespace ward::server
