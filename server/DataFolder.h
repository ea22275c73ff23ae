// ward-server's data folder: everything a clinic's server is, in one owner-only folder.
//   server.db   the SQLCipher store (settings, organisation keys, accounts, devices, ..., audit log)
//   server.key  the store's 32-byte key as 64 hex digits (0600); absent when WARD_SERVER_DB_KEY holds it
//   tls.crt     the TLS certificate clients pin (self-signed unless the clinic gave one)
//   tls.key     its private key (0600)
// init() refuses a folder that holds anything; open() refuses key files others may read, and says which
// file is missing, wrong or damaged so an operator knows what to restore.
#pragma once

#include "ServerIdentity.h"
#include "TlsCertificate.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace ward::server {

inline constexpr char kSettingName[] = "server.name";
inline constexpr char kSettingAddress[] = "server.address";

struct InitOptions {
    QString name; // the clinic's name, shown to users and written into the issuer certificate
    QString address; // HOST:PORT that invitations name
    QString tlsCertificateFile; // both empty (make a self-signed certificate) or both set
    QString tlsKeyFile;
};

struct InitReport {
    QByteArray certificatePin; // protocol::certificatePin of tls.crt
    QByteArray organisationKey; // the root public key devices pin
    bool keyFileWritten = false; // false when the key came from WARD_SERVER_DB_KEY
};

// An opened data folder. Not movable: the audit log refers to the database.
class ServerData {
public:
    ServerData(store::Database db, Clock clock, ServerIdentity identity, TlsCredentials tls);
    ServerData(const ServerData&) = delete;
    ServerData& operator=(const ServerData&) = delete;

    store::Database& db() { return m_db; }
    store::AuditLog& audit() { return m_audit; }
    const ServerIdentity& identity() const { return m_identity; }
    const TlsCredentials& tls() const { return m_tls; }

private:
    store::Database m_db;
    store::AuditLog m_audit;
    ServerIdentity m_identity;
    TlsCredentials m_tls;
};

class DataFolder {
public:
    explicit DataFolder(QString dir);

    const QString& dir() const { return m_dir; }
    QString databaseFile() const;
    QString keyFile() const;
    QString certificateFile() const;
    QString tlsKeyFile() const;

    Result<InitReport> init(const InitOptions& options, Clock clock = systemClock()) const;
    Result<std::unique_ptr<ServerData>> open(Clock clock = systemClock()) const;

private:
    Result<store::Database> openDatabase() const;
    Result<TlsMaterial> readTls() const;
    void removeWhatInitWrote() const;

    QString m_dir;
};

} // namespace ward::server
