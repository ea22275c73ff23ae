#include "store/AuditLog.h"

#include "crypto/Sodium.h"
#include "store/Database.h"
#include "store/SettingsRepository.h"
#include "store/Transaction.h"

#include <QtEndian>

#include <algorithm>

#include <sodium.h>

namespace ward::store {

namespace {

const QString kHeadKey = QStringLiteral("audit.head_seq");

void appendField(crypto_generichash_state& state, const QByteArray& bytes)
{
    quint32 length = qToBigEndian(static_cast<quint32>(bytes.size()));
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&length), sizeof(length));
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(bytes.constData()),
        static_cast<unsigned long long>(bytes.size()));
}

void appendNumber(crypto_generichash_state& state, std::int64_t value)
{
    const qint64 be = qToBigEndian(static_cast<qint64>(value));
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&be), sizeof(be));
}

} // namespace

QString auditEventName(AuditEvent event)
{
    switch (event) {
    case AuditEvent::ProfileCreated:
        return QStringLiteral("profile.created");
    case AuditEvent::ProfileUnlocked:
        return QStringLiteral("profile.unlocked");
    case AuditEvent::UnlockFailed:
        return QStringLiteral("profile.unlock_failed");
    case AuditEvent::ProfileLocked:
        return QStringLiteral("profile.locked");
    case AuditEvent::PassphraseChanged:
        return QStringLiteral("profile.passphrase_changed");
    case AuditEvent::SchemaMigrated:
        return QStringLiteral("profile.schema_migrated");
    case AuditEvent::DeviceKeysCreated:
        return QStringLiteral("device.keys_created");
    case AuditEvent::VisitCreated:
        return QStringLiteral("visit.created");
    case AuditEvent::VisitViewed:
        return QStringLiteral("visit.viewed");
    case AuditEvent::VisitChanged:
        return QStringLiteral("visit.changed");
    case AuditEvent::VisitExported:
        return QStringLiteral("visit.exported");
    case AuditEvent::AuditExported:
        return QStringLiteral("audit.exported");
    }
    return QStringLiteral("unknown");
}

AuditLog::AuditLog(Database& db, Clock clock)
    : m_db(db)
    , m_clock(std::move(clock))
{ }

QByteArray AuditLog::entryHash(const QByteArray& prevHash, std::int64_t seq, std::int64_t atMs,
    const QString& event, const QString& detail)
{
    crypto::ensureSodium();
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, kHashBytes);
    appendField(state, QByteArrayLiteral("ward-audit-v1"));
    appendField(state, prevHash);
    appendNumber(state, seq);
    appendNumber(state, atMs);
    appendField(state, event.toUtf8());
    appendField(state, detail.toUtf8());
    QByteArray out(kHashBytes, Qt::Uninitialized);
    crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(out.data()), kHashBytes);
    return out;
}

Status AuditLog::append(AuditEvent event, const QString& detail)
{
    return appendAt(event, m_clock(), detail);
}

Status AuditLog::appendAt(AuditEvent event, std::int64_t atMs, const QString& detail)
{
    return appendNamedAt(auditEventName(event), atMs, detail);
}

Status AuditLog::appendNamed(const QString& event, const QString& detail)
{
    return appendNamedAt(event, m_clock(), detail);
}

Status AuditLog::appendNamedAt(const QString& name, std::int64_t atMs, const QString& detail)
{
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto last = m_db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!last) {
        return last.error();
    }
    auto row = last->step();
    if (!row) {
        return row.error();
    }
    // Sequence numbers continue from the recorded head, so a cut-off tail stays visible as a gap even after
    // new entries are appended.
    auto head = SettingsRepository(m_db).getInt(kHeadKey, 0);
    if (!head) {
        return head.error();
    }
    const std::int64_t seq = std::max(row.value() ? last->int64(0) : 0, head.value()) + 1;
    const QByteArray prevHash = row.value() ? last->blob(1) : QByteArray(kHashBytes, '\0');
    const QByteArray hash = entryHash(prevHash, seq, atMs, name, detail);

    auto insert = m_db.prepare(
        "INSERT INTO audit_log (seq, at, event, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    insert->bind(1, seq).bind(2, atMs).bind(3, name).bind(4, detail).bind(5, prevHash).bind(6, hash);
    if (auto status = insert->run(); !status) {
        return status;
    }
    if (auto status = SettingsRepository(m_db).setInt(kHeadKey, seq); !status) {
        return status;
    }
    return tx->commit();
}

Result<std::vector<AuditEntry>> AuditLog::entries()
{
    auto stmt = m_db.prepare("SELECT seq, at, event, detail, prev_hash, hash FROM audit_log ORDER BY seq");
    if (!stmt) {
        return stmt.error();
    }
    std::vector<AuditEntry> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) {
            return row.error();
        }
        if (!row.value()) {
            break;
        }
        out.push_back(AuditEntry {
            stmt->int64(0), stmt->int64(1), stmt->text(2), stmt->text(3), stmt->blob(4), stmt->blob(5) });
    }
    return out;
}

Result<AuditVerification> AuditLog::verify()
{
    auto all = entries();
    if (!all) {
        return all.error();
    }
    AuditVerification result;
    result.entries = static_cast<std::int64_t>(all->size());
    const auto bad = [&result](std::int64_t seq, const QString& problem) {
        result.intact = false;
        result.firstBadSeq = seq;
        result.problem = problem;
        return result;
    };
    QByteArray expectedPrev(kHashBytes, '\0');
    std::int64_t expectedSeq = 1;
    for (const AuditEntry& e : all.value()) {
        if (e.seq != expectedSeq) {
            return bad(expectedSeq,
                e.seq > expectedSeq ? QStringLiteral("Entry %1 is missing: it was deleted.").arg(expectedSeq)
                                    : QStringLiteral("Entry %1 appears out of order.").arg(e.seq));
        }
        if (e.prevHash != expectedPrev) {
            return bad(e.seq,
                QStringLiteral("Entry %1 does not follow entry %2: entries were deleted or reordered.")
                    .arg(e.seq)
                    .arg(e.seq - 1));
        }
        if (e.hash != entryHash(e.prevHash, e.seq, e.atMs, e.event, e.detail)) {
            return bad(e.seq, QStringLiteral("Entry %1 was changed after it was written.").arg(e.seq));
        }
        expectedPrev = e.hash;
        ++expectedSeq;
    }
    auto head = SettingsRepository(m_db).getInt(kHeadKey, 0);
    if (!head) {
        return head.error();
    }
    if (head.value() > result.entries) {
        return bad(result.entries + 1,
            QStringLiteral("Entries %1 to %2 are missing: the end of the log was cut off.")
                .arg(result.entries + 1)
                .arg(head.value()));
    }
    return result;
}

} // namespace ward::store
