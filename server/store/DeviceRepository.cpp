#include "store/DeviceRepository.h"

#include "store/Database.h"
#include "store/Statement.h"

namespace ward::server {

namespace {

constexpr char kColumns[]
    = "signing_key, user_id, static_key, static_key_signature, device_name, credential, "
      "added_at, revoked_at, last_signin_at";

DeviceRecord readDevice(const store::Statement& row)
{
    DeviceRecord device;
    device.signingKey = row.blob(0);
    device.userId = row.text(1);
    device.staticKey = row.blob(2);
    device.staticKeySignature = row.blob(3);
    device.deviceName = row.text(4);
    device.credential = row.isNull(5) ? QByteArray() : row.blob(5);
    device.addedMs = row.int64(6);
    device.revokedMs = row.optionalInt64(7);
    device.lastSignInMs = row.optionalInt64(8);
    return device;
}

} // namespace

Status DeviceRepository::add(const DeviceRecord& device)
{
    auto existing = find(device.signingKey);
    if (!existing) {
        return existing.error();
    }
    if (existing.value()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("This device is already enrolled."));
    }
    auto insert = m_db.prepare("INSERT INTO devices (signing_key, user_id, static_key, static_key_signature, "
                               "device_name, credential, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    insert->bind(1, device.signingKey).bind(2, device.userId).bind(3, device.staticKey);
    insert->bind(4, device.staticKeySignature).bind(5, device.deviceName);
    if (device.credential.isEmpty()) {
        insert->bindNull(6);
    } else {
        insert->bind(6, device.credential);
    }
    insert->bind(7, device.addedMs);
    return insert->run();
}

Result<std::optional<DeviceRecord>> DeviceRepository::find(const QByteArray& signingKey)
{
    static const QByteArray sql = QByteArray("SELECT ") + kColumns + " FROM devices WHERE signing_key = ?";
    auto query = m_db.prepare(sql.constData());
    if (!query) {
        return query.error();
    }
    query->bind(1, signingKey);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return std::optional<DeviceRecord> {};
    }
    return std::optional<DeviceRecord>(readDevice(query.value()));
}

Result<std::vector<DeviceRecord>> DeviceRepository::listForUser(const QString& userId)
{
    static const QByteArray sql
        = QByteArray("SELECT ") + kColumns + " FROM devices WHERE user_id = ? ORDER BY added_at, rowid";
    auto query = m_db.prepare(sql.constData());
    if (!query) {
        return query.error();
    }
    query->bind(1, userId);
    std::vector<DeviceRecord> devices;
    while (true) {
        auto row = query->step();
        if (!row) {
            return row.error();
        }
        if (!row.value()) {
            break;
        }
        devices.push_back(readDevice(query.value()));
    }
    return devices;
}

Status DeviceRepository::revoke(const QString& userId, const QByteArray& signingKey, std::int64_t nowMs)
{
    auto device = find(signingKey);
    if (!device) {
        return device.error();
    }
    if (!device.value() || device.value()->userId != userId) {
        return makeError(ErrorCode::NotFound, QStringLiteral("That user has no such device."));
    }
    auto update = m_db.prepare(
        "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE signing_key = ? AND user_id = ?");
    if (!update) {
        return update.error();
    }
    update->bind(1, nowMs).bind(2, signingKey).bind(3, userId);
    return update->run();
}

Status DeviceRepository::recordSignIn(const QByteArray& signingKey, std::int64_t nowMs)
{
    auto update = m_db.prepare("UPDATE devices SET last_signin_at = ? WHERE signing_key = ?");
    if (!update) {
        return update.error();
    }
    update->bind(1, nowMs).bind(2, signingKey);
    return update->run();
}

} // namespace ward::server
