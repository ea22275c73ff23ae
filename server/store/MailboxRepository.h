// The mailbox table: one row per recipient device for each envelope sent, holding opaque ciphertext the
// server never reads, until that device acknowledges it or it expires. Expired rows are never returned,
// whether or not a sweep has removed them yet. Server thread only.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <vector>

namespace ward::store {
class Database;
}

namespace ward::server {

struct MailboxEnvelope {
    std::int64_t id = 0;
    QString recipientId;
    QByteArray recipientDevice;
    QString senderId;
    QByteArray senderDevice;
    std::int64_t sentMs = 0;
    std::int64_t expiresMs = 0;
    QByteArray envelope;
};

struct MailboxUsage {
    std::int64_t envelopes = 0;
    std::int64_t bytes = 0;
};

class MailboxRepository {
public:
    explicit MailboxRepository(store::Database& db)
        : m_db(db)
    { }

    // What a recipient holds (all their devices) that has not expired at `nowMs`.
    Result<MailboxUsage> usage(const QString& recipientId, std::int64_t nowMs);
    // Stores `envelope` once for each device in `recipientDevices`, in one transaction, and returns the
    // stored rows (ids ascending, in the order of `recipientDevices`).
    Result<std::vector<MailboxEnvelope>> store(
        const MailboxEnvelope& envelope, const std::vector<QByteArray>& recipientDevices);
    // Everything for one device that has not expired, oldest (lowest id) first, at most `limit` rows.
    Result<std::vector<MailboxEnvelope>> pending(
        const QByteArray& recipientDevice, std::int64_t nowMs, int limit);
    // Deletes row `id` if it is addressed to `recipientDevice`; false when there was no such row.
    Result<bool> acknowledge(std::int64_t id, const QByteArray& recipientDevice);
    // Deletes every row expired at `nowMs`.
    Status sweep(std::int64_t nowMs);

private:
    store::Database& m_db;
};

} // namespace ward::server
