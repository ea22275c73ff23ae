#include "store/VisitRepository.h"

#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/Transaction.h"

#include <QRegularExpression>

#include <algorithm>

namespace ward::store {

QString visitStatusName(VisitStatus status)
{
    switch (status) {
    case VisitStatus::Scheduled:
        return QStringLiteral("scheduled");
    case VisitStatus::Waiting:
        return QStringLiteral("waiting");
    case VisitStatus::InProgress:
        return QStringLiteral("in_progress");
    case VisitStatus::Completed:
        return QStringLiteral("completed");
    case VisitStatus::Cancelled:
        return QStringLiteral("cancelled");
    case VisitStatus::Missed:
        return QStringLiteral("missed");
    }
    return QStringLiteral("completed");
}

std::optional<VisitStatus> visitStatusFromName(const QString& name)
{
    for (VisitStatus s : { VisitStatus::Scheduled, VisitStatus::Waiting, VisitStatus::InProgress,
             VisitStatus::Completed, VisitStatus::Cancelled, VisitStatus::Missed }) {
        if (visitStatusName(s) == name) {
            return s;
        }
    }
    return std::nullopt;
}

namespace {

Status checkLength(const QString& value, const char* what)
{
    if (value.size() > VisitRepository::kMaxFieldChars) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The %1 is too long (more than %2 characters). Shorten it and save again.")
                .arg(QLatin1String(what))
                .arg(VisitRepository::kMaxFieldChars));
    }
    return {};
}

Error notFound(std::int64_t id)
{
    return makeError(
        ErrorCode::NotFound, QStringLiteral("There is no visit with id %1 in this history.").arg(id));
}

Result<std::vector<VisitSummary>> readSummaries(Statement& stmt)
{
    std::vector<VisitSummary> out;
    for (;;) {
        auto row = stmt.step();
        if (!row) {
            return row.error();
        }
        if (!row.value()) {
            return out;
        }
        out.push_back(VisitSummary { stmt.int64(0), stmt.int64(1), stmt.text(2), stmt.text(3),
            visitStatusFromName(stmt.text(4)).value_or(VisitStatus::Completed) });
    }
}

} // namespace

VisitRepository::VisitRepository(Database& db, AuditLog& audit, Clock clock)
    : m_db(db)
    , m_audit(audit)
    , m_clock(std::move(clock))
{ }

QString VisitRepository::ftsQuery(const QString& text)
{
    static const QRegularExpression words(QStringLiteral("[\\p{L}\\p{N}]+"));
    QStringList terms;
    auto it = words.globalMatch(text);
    while (it.hasNext() && terms.size() < 16) {
        terms.append(it.next().captured(0) + QLatin1Char('*'));
    }
    return terms.join(QLatin1Char(' '));
}

Result<std::int64_t> VisitRepository::add(const NewVisit& visit)
{
    for (const auto& [value, what] : { std::pair { &visit.otherParty, "name of the other party" },
             std::pair { &visit.reason, "reason for the visit" },
             std::pair { &visit.notes, "visit notes" } }) {
        if (auto status = checkLength(*value, what); !status) {
            return status.error();
        }
    }
    if (visit.otherParty.trimmed().isEmpty()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("Say who the visit was with."));
    }
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    const std::int64_t now = m_clock();
    auto insert
        = m_db.prepare("INSERT INTO visits (started_at, ended_at, other_party, reason, status, notes, "
                       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    insert->bind(1, visit.startedAtMs)
        .bind(2, visit.endedAtMs)
        .bind(3, visit.otherParty)
        .bind(4, visit.reason)
        .bind(5, visitStatusName(visit.status))
        .bind(6, visit.notes)
        .bind(7, now)
        .bind(8, now);
    if (auto status = insert->run(); !status) {
        return status.error();
    }
    const std::int64_t id = m_db.lastInsertRowId();
    auto participant = m_db.prepare(
        "INSERT INTO participants (visit_id, display_name, role, verified) VALUES (?, ?, ?, ?)");
    if (!participant) {
        return participant.error();
    }
    for (const Participant& p : visit.participants) {
        participant->reset();
        participant->bind(1, id)
            .bind(2, p.displayName)
            .bind(3, p.role)
            .bind(4, std::int64_t { p.verified ? 1 : 0 });
        if (auto status = participant->run(); !status) {
            return status.error();
        }
    }
    if (auto status = m_audit.append(AuditEvent::VisitCreated, QStringLiteral("visit %1").arg(id)); !status) {
        return status.error();
    }
    if (auto status = tx->commit(); !status) {
        return status.error();
    }
    return id;
}

Result<Visit> VisitRepository::read(std::int64_t id)
{
    auto stmt
        = m_db.prepare("SELECT id, started_at, ended_at, other_party, reason, status, notes, created_at, "
                       "updated_at FROM visits WHERE id = ?");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return notFound(id);
    }
    Visit v;
    v.id = stmt->int64(0);
    v.startedAtMs = stmt->int64(1);
    v.endedAtMs = stmt->optionalInt64(2);
    v.otherParty = stmt->text(3);
    v.reason = stmt->text(4);
    v.status = visitStatusFromName(stmt->text(5)).value_or(VisitStatus::Completed);
    v.notes = stmt->text(6);
    v.createdAtMs = stmt->int64(7);
    v.updatedAtMs = stmt->int64(8);

    auto people = m_db.prepare(
        "SELECT id, display_name, role, verified FROM participants WHERE visit_id = ? ORDER BY id");
    if (!people) {
        return people.error();
    }
    people->bind(1, id);
    for (;;) {
        auto next = people->step();
        if (!next) {
            return next.error();
        }
        if (!next.value()) {
            break;
        }
        v.participants.push_back(
            Participant { people->int64(0), people->text(1), people->text(2), people->int64(3) != 0 });
    }
    return v;
}

Result<Visit> VisitRepository::view(std::int64_t id)
{
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto visit = read(id);
    if (!visit) {
        return visit;
    }
    if (auto status = m_audit.append(AuditEvent::VisitViewed, QStringLiteral("visit %1").arg(id)); !status) {
        return status.error();
    }
    if (auto status = tx->commit(); !status) {
        return status.error();
    }
    return visit;
}

Result<std::vector<Visit>> VisitRepository::exportVisits(const std::vector<std::int64_t>& ids)
{
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    std::vector<Visit> out;
    out.reserve(ids.size());
    for (std::int64_t id : ids) {
        auto visit = read(id);
        if (!visit) {
            return visit.error();
        }
        out.push_back(std::move(visit).value());
    }
    const QString detail = ids.size() == 1 ? QStringLiteral("visit %1").arg(ids.front())
                                           : QStringLiteral("%1 visits").arg(ids.size());
    if (auto status = m_audit.append(AuditEvent::VisitExported, detail); !status) {
        return status.error();
    }
    if (auto status = tx->commit(); !status) {
        return status.error();
    }
    return out;
}

Result<std::vector<VisitSummary>> VisitRepository::newest(int limit, int offset)
{
    auto stmt = m_db.prepare("SELECT id, started_at, other_party, reason, status FROM visits "
                             "ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, std::int64_t { std::clamp(limit, 0, kMaxPageSize) })
        .bind(2, std::int64_t { std::max(offset, 0) });
    return readSummaries(stmt.value());
}

Result<std::vector<VisitSummary>> VisitRepository::search(const QString& text, int limit)
{
    const QString query = ftsQuery(text.left(1000));
    if (query.isEmpty()) {
        return std::vector<VisitSummary> {};
    }
    auto stmt = m_db.prepare("SELECT v.id, v.started_at, v.other_party, v.reason, v.status FROM visits_fts "
                             "JOIN visits v ON v.id = visits_fts.docid WHERE visits_fts MATCH ? "
                             "ORDER BY v.started_at DESC, v.id DESC LIMIT ?");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, query).bind(2, std::int64_t { std::clamp(limit, 0, kMaxPageSize) });
    return readSummaries(stmt.value());
}

Status VisitRepository::updateNotes(std::int64_t id, const QString& notes)
{
    if (auto status = checkLength(notes, "visit notes"); !status) {
        return status;
    }
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto stmt = m_db.prepare("UPDATE visits SET notes = ?, updated_at = ? WHERE id = ?");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, notes).bind(2, m_clock()).bind(3, id);
    if (auto status = stmt->run(); !status) {
        return status;
    }
    auto changed = m_db.prepare("SELECT changes()");
    if (!changed) {
        return changed.error();
    }
    auto row = changed->step();
    if (!row) {
        return row.error();
    }
    if (changed->int64(0) == 0) {
        return notFound(id);
    }
    if (auto status = m_audit.append(AuditEvent::VisitChanged, QStringLiteral("visit %1 notes").arg(id));
        !status) {
        return status;
    }
    return tx->commit();
}

Result<std::int64_t> VisitRepository::count()
{
    auto stmt = m_db.prepare("SELECT count(*) FROM visits");
    if (!stmt) {
        return stmt.error();
    }
    auto row = stmt->step();
    if (!row) {
        return row.error();
    }
    return stmt->int64(0);
}

} // namespace ward::store
