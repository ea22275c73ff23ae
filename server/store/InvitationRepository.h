// Invitations in the server store: who an invitation enrols (user id, name, role, a patient's room), when
// it expires and when it was used. Only the SHA-256 of the one-time code is kept, so a copy of the store
// cannot enrol anyone. Server thread only.
#pragma once

#include "common/Result.h"
#include "crypto/credential/Role.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>

namespace ward::store {
class Database;
}

namespace ward::server {

struct Invitation {
    QByteArray codeHash; // SHA-256 of the raw code
    QString userId;
    QString displayName;
    crypto::credential::Role role = crypto::credential::Role::Patient;
    std::int64_t createdMs = 0;
    std::int64_t expiresMs = 0;
    std::optional<std::int64_t> usedMs;
    QString createdBy; // an admin's user id, or "local" for wardctl
    QString roomId; // patients: the clinician whose room they use; may be empty
};

class InvitationRepository {
public:
    explicit InvitationRepository(store::Database& db)
        : m_db(db)
    { }

    Status add(const Invitation& invitation);
    Result<std::optional<Invitation>> find(const QByteArray& codeHash);
    // Used when it was already used (so two racing enrolments cannot both consume it).
    Status markUsed(const QByteArray& codeHash, std::int64_t nowMs);

private:
    store::Database& m_db;
};

} // namespace ward::server
