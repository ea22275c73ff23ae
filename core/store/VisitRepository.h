// The visit history: add, read, page through, search and annotate visits. Every change and every view
// of a visit's details writes an audit entry in the same transaction. Search uses the FTS4 index over
// the other party, reason and notes; the person's text is reduced to word prefixes, never pasted into a
// query. Use from the thread that owns the Database.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "store/Visit.h"

#include <vector>

namespace ward::store {

class AuditLog;
class Database;

class VisitRepository {
public:
    static constexpr int kMaxFieldChars = 100'000;
    static constexpr int kMaxPageSize = 500;

    VisitRepository(Database& db, AuditLog& audit, Clock clock);

    Result<std::int64_t> add(const NewVisit& visit);
    // Reads a visit for a person to see: records visit.viewed.
    Result<Visit> view(std::int64_t id);
    // Reads visits for export (wardctl --json): records visit.exported with the count.
    Result<std::vector<Visit>> exportVisits(const std::vector<std::int64_t>& ids);
    Result<std::vector<VisitSummary>> newest(int limit, int offset = 0);
    Result<std::vector<VisitSummary>> search(const QString& text, int limit);
    Status updateNotes(std::int64_t id, const QString& notes);
    Result<std::int64_t> count();

    // "chest pa" -> "chest* pa*": letters and digits only, so no query syntax reaches FTS.
    static QString ftsQuery(const QString& text);

private:
    Result<Visit> read(std::int64_t id);
    Database& m_db;
    AuditLog& m_audit;
    Clock m_clock;
};

} // namespace ward::store
