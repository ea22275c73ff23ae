// The local audit log: an append-only chain of security-relevant events in the encrypted store. Each
// entry's BLAKE2b-256 hash covers the previous entry's hash, its sequence number, time, event and detail,
// and the newest sequence number is kept apart from the chain, so a verifier finds any changed, deleted,
// reordered or cut-off entry and names the first bad one. Details never carry PHI: ids, counts and
// reasons only. Use from the thread that owns the Database.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

namespace ward::store {

class Database;

enum class AuditEvent {
    ProfileCreated,
    ProfileUnlocked,
    UnlockFailed,
    ProfileLocked,
    PassphraseChanged,
    SchemaMigrated,
    DeviceKeysCreated,
    VisitCreated,
    VisitViewed,
    VisitChanged,
    VisitExported,
    AuditExported,
};

QString auditEventName(AuditEvent event);

struct AuditEntry {
    std::int64_t seq = 0;
    std::int64_t atMs = 0;
    QString event;
    QString detail;
    QByteArray prevHash;
    QByteArray hash;
};

struct AuditVerification {
    bool intact = true;
    std::int64_t entries = 0;
    std::int64_t firstBadSeq = 0; // 0 when intact
    QString problem; // a sentence naming the first bad entry
};

class AuditLog {
public:
    static constexpr std::size_t kHashBytes = 32;

    AuditLog(Database& db, Clock clock);

    // Appends inside the caller's transaction when there is one, so an event and the change it records
    // commit together.
    Status append(AuditEvent event, const QString& detail = {});
    Status appendAt(AuditEvent event, std::int64_t atMs, const QString& detail = {});
    // For logs with events of their own (the server's): `event` is a fixed name such as "signin.failed".
    Status appendNamed(const QString& event, const QString& detail = {});
    Status appendNamedAt(const QString& event, std::int64_t atMs, const QString& detail = {});

    Result<std::vector<AuditEntry>> entries();
    Result<AuditVerification> verify();

    static QByteArray entryHash(const QByteArray& prevHash, std::int64_t seq, std::int64_t atMs,
        const QString& event, const QString& detail);

private:
    Database& m_db;
    Clock m_clock;
};

} // namespace ward::store
