// Creating enrolment invitations: a random one-time code, stored only as its SHA-256, handed out inside a
// ward://enrol link that also pins the server's certificate and the organisation key. Used by the
// invite.create route and by `wardctl --server-data DIR invite create`, so it needs only the store, the
// audit log, the server's identity and a clock, never a running server.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/credential/Role.h"

#include <QByteArray>
#include <QString>
#include <cstdint>

namespace ward::store {
class AuditLog;
class Database;
} // namespace ward::store

namespace ward::server {

struct ServerIdentity;

inline constexpr int kDefaultInvitationTtlHours = 72;
inline constexpr int kMaxInvitationTtlHours = 720;
// What InvitationCreated's by= says when wardctl made the invitation on the server machine.
inline constexpr char kLocalCreator[] = "local";

struct InvitationRequest {
    crypto::credential::Role role = crypto::credential::Role::Patient;
    QString userId;
    QString displayName;
    int ttlHours = kDefaultInvitationTtlHours; // 1..kMaxInvitationTtlHours
    QString roomId; // patients only, optional: a clinician's user id
    QString createdBy; // an admin's user id, or kLocalCreator
};

struct CreatedInvitation {
    crypto::SecretBytes link; // the ward://enrol link; a bearer secret until it is used
    std::int64_t expiresMs = 0;
};

// InvalidArgument (with a sentence for the admin) for a bad user id, name, lifetime or room, or a role that
// differs from the existing account's; NotFound when the room names no clinician.
Result<CreatedInvitation> createInvitation(store::Database& db, store::AuditLog& audit,
    const ServerIdentity& identity, const Clock& clock, const InvitationRequest& request);

// SHA-256 of a raw invitation code: the key invitations are stored under.
QByteArray invitationCodeHash(const crypto::SecretBytes& code);

} // namespace ward::server
