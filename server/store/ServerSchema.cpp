#include "store/ServerSchema.h"

#include "store/Database.h"

namespace ward::server {

namespace {

// Times are UTC milliseconds. Keys are raw 32-byte blobs. Roles are the credential role names.
Status createVersion1(store::Database& db)
{
    return db.exec(R"sql(
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE org_keys (
    name       TEXT PRIMARY KEY NOT NULL CHECK (name IN ('root', 'issuing')),
    seed       BLOB NOT NULL,
    public_key BLOB NOT NULL
);

CREATE TABLE accounts (
    user_id          TEXT PRIMARY KEY NOT NULL,
    display_name     TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'staff', 'admin')),
    created_at       INTEGER NOT NULL,
    totp_secret      BLOB,
    totp_last_step   INTEGER,
    failed_signins   INTEGER NOT NULL DEFAULT 0,
    next_signin_at   INTEGER NOT NULL DEFAULT 0,
    locked_at        INTEGER,
    room_id          TEXT
);

CREATE TABLE devices (
    signing_key          BLOB PRIMARY KEY NOT NULL,
    user_id              TEXT NOT NULL REFERENCES accounts (user_id),
    static_key           BLOB NOT NULL,
    static_key_signature BLOB NOT NULL,
    device_name          TEXT NOT NULL,
    credential           BLOB,
    added_at             INTEGER NOT NULL,
    revoked_at           INTEGER,
    last_signin_at       INTEGER
);
CREATE INDEX devices_by_user ON devices (user_id);

CREATE TABLE invitations (
    code_hash    BLOB PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'staff', 'admin')),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER,
    created_by   TEXT NOT NULL,
    room_id      TEXT
);

CREATE TABLE visits (
    visit_id     TEXT PRIMARY KEY NOT NULL,
    patient_id   TEXT NOT NULL,
    clinician_id TEXT NOT NULL,
    admitted_at  INTEGER NOT NULL
);

CREATE TABLE mailbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_id     TEXT NOT NULL,
    recipient_device BLOB NOT NULL,
    sender_id        TEXT NOT NULL,
    sender_device    BLOB NOT NULL,
    sent_at          INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    envelope         BLOB NOT NULL
);
CREATE INDEX mailbox_by_device ON mailbox (recipient_device, id);
CREATE INDEX mailbox_by_recipient ON mailbox (recipient_id);
CREATE INDEX mailbox_by_expiry ON mailbox (expires_at);

CREATE TABLE contacts (
    watcher_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    PRIMARY KEY (watcher_id, subject_id)
);
CREATE INDEX contacts_by_subject ON contacts (subject_id);

CREATE TABLE resume_tokens (
    token_hash  BLOB PRIMARY KEY NOT NULL,
    signing_key BLOB NOT NULL,
    expires_at  INTEGER NOT NULL
);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    event     TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);
)sql");
}

} // namespace

const std::vector<store::MigrationStep>& serverSchemaSteps()
{
    static const std::vector<store::MigrationStep> steps {
        { 1,
            "settings, organisation keys, accounts, devices, invitations, visits, mailbox, contacts, audit "
            "log",
            createVersion1 },
    };
    return steps;
}

} // namespace ward::server
