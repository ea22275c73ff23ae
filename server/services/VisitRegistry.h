// The visits the server has admitted: a random id naming one patient and one clinician. Signalling is only
// relayed between the two parties of a visit, so the relay cannot be used to reach anyone else. Kept in the
// store, so a server restart in the middle of a visit does not cut its signalling.
#pragma once

#include "common/Result.h"

#include <QString>
#include <optional>

namespace ward::store {
class Database;
}

namespace ward::server {

struct VisitParties {
    QString visitId;
    QString patientId;
    QString clinicianId;
    std::int64_t admittedMs = 0;
};

class VisitRegistry {
public:
    explicit VisitRegistry(store::Database& db)
        : m_db(db)
    { }

    Result<VisitParties> create(const QString& patientId, const QString& clinicianId, std::int64_t nowMs);
    Result<std::optional<VisitParties>> find(const QString& visitId);
    // True when the visit exists and the two users are its patient and clinician, in either order.
    bool joins(const QString& visitId, const QString& userA, const QString& userB);

private:
    store::Database& m_db;
};

} // namespace ward::server
