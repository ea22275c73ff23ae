#include "store/MailboxRepository.h"

#include "store/Database.h"
#include "store/Statement.h"
#include "store/Transaction.h"

namespace ward::server {

Result<MailboxUsage> MailboxRepository::usage(const QString& recipientId, std::int64_t nowMs)
{
    auto query = m_db.prepare("SELECT COUNT(*), COALESCE(SUM(LENGTH(envelope)), 0) FROM mailbox "
                              "WHERE recipient_id = ? AND expires_at > ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, recipientId).bind(2, nowMs);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    return MailboxUsage { query->int64(0), query->int64(1) };
}

Result<std::vector<MailboxEnvelope>> MailboxRepository::store(
    const MailboxEnvelope& envelope, const std::vector<QByteArray>& recipientDevices)
{
    auto transaction = store::Transaction::begin(m_db);
    if (!transaction) {
        return transaction.error();
    }
    auto insert
        = m_db.prepare("INSERT INTO mailbox (recipient_id, recipient_device, sender_id, sender_device, "
                       "sent_at, expires_at, envelope) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    std::vector<MailboxEnvelope> stored;
    for (const QByteArray& device : recipientDevices) {
        insert->reset();
        insert->bind(1, envelope.recipientId).bind(2, device).bind(3, envelope.senderId);
        insert->bind(4, envelope.senderDevice).bind(5, envelope.sentMs).bind(6, envelope.expiresMs);
        insert->bind(7, envelope.envelope);
        if (auto status = insert->run(); !status) {
            return status.error();
        }
        MailboxEnvelope row = envelope;
        row.id = m_db.lastInsertRowId();
        row.recipientDevice = device;
        stored.push_back(std::move(row));
    }
    if (auto status = transaction->commit(); !status) {
        return status.error();
    }
    return stored;
}

Result<std::vector<MailboxEnvelope>> MailboxRepository::pending(
    const QByteArray& recipientDevice, std::int64_t nowMs, int limit)
{
    auto query
        = m_db.prepare("SELECT id, recipient_id, sender_id, sender_device, sent_at, expires_at, envelope "
                       "FROM mailbox WHERE recipient_device = ? AND expires_at > ? ORDER BY id LIMIT ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, recipientDevice).bind(2, nowMs).bind(3, static_cast<std::int64_t>(limit));
    std::vector<MailboxEnvelope> rows;
    while (true) {
        auto row = query->step();
        if (!row) {
            return row.error();
        }
        if (!row.value()) {
            break;
        }
        rows.push_back(MailboxEnvelope { query->int64(0), query->text(1), recipientDevice, query->text(2),
            query->blob(3), query->int64(4), query->int64(5), query->blob(6) });
    }
    return rows;
}

Result<bool> MailboxRepository::acknowledge(std::int64_t id, const QByteArray& recipientDevice)
{
    auto find = m_db.prepare("SELECT 1 FROM mailbox WHERE id = ? AND recipient_device = ?");
    if (!find) {
        return find.error();
    }
    find->bind(1, id).bind(2, recipientDevice);
    auto found = find->step();
    if (!found) {
        return found.error();
    }
    if (!found.value()) {
        return false;
    }
    auto remove = m_db.prepare("DELETE FROM mailbox WHERE id = ? AND recipient_device = ?");
    if (!remove) {
        return remove.error();
    }
    remove->bind(1, id).bind(2, recipientDevice);
    if (auto status = remove->run(); !status) {
        return status.error();
    }
    return true;
}

Status MailboxRepository::sweep(std::int64_t nowMs)
{
    auto remove = m_db.prepare("DELETE FROM mailbox WHERE expires_at <= ?");
    if (!remove) {
        return remove.error();
    }
    remove->bind(1, nowMs);
    return remove->run();
}

} // namespace ward::server
