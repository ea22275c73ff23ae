// Devices in the server store: each bound to one account by its Ed25519 signing key, with its X25519 static
// key and the signature that ties the two, the name the person gave it, its clinic credential (clinic
// roles), and when it was added, last signed in and revoked. A revoked device stays listed (peers learn of
// the revocation from the directory) but cannot sign in. Server thread only.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace ward::store {
class Database;
}

namespace ward::server {

struct DeviceRecord {
    QByteArray signingKey;
    QString userId;
    QByteArray staticKey;
    QByteArray staticKeySignature;
    QString deviceName;
    QByteArray credential; // empty for patients
    std::int64_t addedMs = 0;
    std::optional<std::int64_t> revokedMs;
    std::optional<std::int64_t> lastSignInMs;
};

class DeviceRepository {
public:
    explicit DeviceRepository(store::Database& db)
        : m_db(db)
    { }

    // InvalidArgument when the signing key is already bound (to any account).
    Status add(const DeviceRecord& device);
    Result<std::optional<DeviceRecord>> find(const QByteArray& signingKey);
    // Oldest first, revoked ones included.
    Result<std::vector<DeviceRecord>> listForUser(const QString& userId);
    // NotFound when the user has no such device.
    Status revoke(const QString& userId, const QByteArray& signingKey, std::int64_t nowMs);
    Status recordSignIn(const QByteArray& signingKey, std::int64_t nowMs);

private:
    store::Database& m_db;
};

} // namespace ward::server
