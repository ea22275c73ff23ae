#include "services/VisitRegistry.h"

#include "crypto/Sodium.h"
#include "store/Database.h"
#include "store/Statement.h"

#include <sodium.h>

namespace ward::server {

Result<VisitParties> VisitRegistry::create(
    const QString& patientId, const QString& clinicianId, std::int64_t nowMs)
{
    crypto::ensureSodium();
    QByteArray raw(16, Qt::Uninitialized);
    randombytes_buf(raw.data(), static_cast<std::size_t>(raw.size()));
    VisitParties visit { QString::fromLatin1(raw.toHex()), patientId, clinicianId, nowMs };
    auto insert = m_db.prepare(
        "INSERT INTO visits (visit_id, patient_id, clinician_id, admitted_at) VALUES (?, ?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    insert->bind(1, visit.visitId).bind(2, patientId).bind(3, clinicianId).bind(4, nowMs);
    if (auto status = insert->run(); !status) {
        return status.error();
    }
    return visit;
}

Result<std::optional<VisitParties>> VisitRegistry::find(const QString& visitId)
{
    auto query = m_db.prepare("SELECT patient_id, clinician_id, admitted_at FROM visits WHERE visit_id = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, visitId);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return std::optional<VisitParties> {};
    }
    return std::optional<VisitParties>(
        VisitParties { visitId, query->text(0), query->text(1), query->int64(2) });
}

bool VisitRegistry::joins(const QString& visitId, const QString& userA, const QString& userB)
{
    auto visit = find(visitId);
    if (!visit || !visit.value()) {
        return false;
    }
    const VisitParties& parties = *visit.value();
    return (parties.patientId == userA && parties.clinicianId == userB)
        || (parties.patientId == userB && parties.clinicianId == userA);
}

} // namespace ward::server
