#include "store/Schema.h"

#include "store/Database.h"

namespace ward::store {

namespace {

// Times are UTC milliseconds since the epoch. Status values are checked so a bad write cannot store a
// state the app cannot show. FTS4 keeps an external-content index in step with visits through triggers.
Status createVersion1(Database& db)
{
    return db.exec(R"sql(
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE visits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    other_party TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'completed'
                CHECK (status IN ('scheduled', 'waiting', 'in_progress', 'completed', 'cancelled', 'missed')),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX visits_by_start ON visits (started_at DESC, id DESC);

CREATE TABLE participants (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id     INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'staff', 'interpreter', 'caregiver', 'other')),
    identity_key BLOB,
    verified     INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1))
);
CREATE INDEX participants_by_visit ON participants (visit_id);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    event     TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);

CREATE VIRTUAL TABLE visits_fts USING fts4 (
    content="visits", other_party, reason, notes, tokenize=unicode61 "remove_diacritics=1"
);
CREATE TRIGGER visits_fts_before_update BEFORE UPDATE ON visits BEGIN
    DELETE FROM visits_fts WHERE docid = old.id;
END;
CREATE TRIGGER visits_fts_before_delete BEFORE DELETE ON visits BEGIN
    DELETE FROM visits_fts WHERE docid = old.id;
END;
CREATE TRIGGER visits_fts_after_update AFTER UPDATE ON visits BEGIN
    INSERT INTO visits_fts (docid, other_party, reason, notes) VALUES (new.id, new.other_party, new.reason, new.notes);
END;
CREATE TRIGGER visits_fts_after_insert AFTER INSERT ON visits BEGIN
    INSERT INTO visits_fts (docid, other_party, reason, notes) VALUES (new.id, new.other_party, new.reason, new.notes);
END;
)sql");
}

} // namespace

const std::vector<MigrationStep>& historySchemaSteps()
{
    static const std::vector<MigrationStep> steps {
        { 1, "visits, participants, settings, audit log, full-text search", createVersion1 },
    };
    return steps;
}

} // namespace ward::store
