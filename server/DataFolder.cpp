#include "DataFolder.h"

#include "OrganisationKeyStore.h"
#include "ServerAuditEvent.h"
#include "ServerKeyFile.h"
#include "crypto/credential/OrganisationFingerprint.h"
#include "protocol/CertificatePin.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/ProtocolLimits.h"
#include "store/FileSafety.h"
#include "store/ServerSchema.h"
#include "store/SettingsRepository.h"
#include "store/Transaction.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ward::server {

namespace {

Error notInitialised(const QString& dir)
{
    return makeError(ErrorCode::NotFound,
        QStringLiteral("%1 is not an initialised ward-server data folder (server.db is missing). Create one "
                       "with `ward-server init --data %1 ...`, or give the right --data folder.")
            .arg(dir));
}

Status validateInit(const InitOptions& options)
{
    if (options.name.trimmed().isEmpty() || options.name.size() > protocol::kMaxNameChars) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("Give the clinic's name with --name (1 to %1 characters).")
                .arg(protocol::kMaxNameChars));
    }
    if (auto address = protocol::parseHostPort(options.address); !address) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("--address must be HOST:PORT, as clients will reach the server: %1")
                .arg(address.error().message));
    }
    if (options.tlsCertificateFile.isEmpty() != options.tlsKeyFile.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("Give both --tls-cert and --tls-key, or neither (then a self-signed certificate "
                           "is made)."));
    }
    return {};
}

Status prepareEmptyFolder(const QString& dir)
{
    const QDir folder(dir);
    if (folder.exists()
        && !folder.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("%1 is not empty, so ward-server will not initialise it (it may hold another "
                           "server's data). Give a new or empty folder.")
                .arg(dir));
    }
    return store::makePrivateFolder(dir);
}

Result<crypto::SecretBytes> initDatabaseKey(const QString& keyFile, bool* written)
{
    auto fromEnvironment = databaseKeyFromEnvironment();
    if (!fromEnvironment) {
        return fromEnvironment.error();
    }
    if (fromEnvironment->has_value()) {
        *written = false;
        return std::move(**fromEnvironment);
    }
    crypto::SecretBytes key = crypto::SecretBytes::random(store::kDatabaseKeyBytes);
    if (auto saved = writeDatabaseKey(keyFile, key); !saved) {
        return saved.error();
    }
    *written = true;
    return key;
}

Status writeTls(const TlsMaterial& material, const QString& certificateFile, const QString& keyFile)
{
    if (auto saved = writeSecretFile(keyFile, material.privateKeyPem); !saved) {
        return saved;
    }
    if (auto saved = store::writeFileAtomically(certificateFile, material.certificatePem); !saved) {
        return saved;
    }
    // The certificate is public: anyone may read it to compare the pin.
    QFile::setPermissions(certificateFile,
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    return {};
}

Status writeInitialStore(
    store::Database& db, const InitOptions& options, const OrganisationKeys& keys, const Clock& clock)
{
    if (auto migrated = serverMigrator().migrate(db); !migrated) {
        return migrated.error();
    }
    auto transaction = store::Transaction::begin(db);
    if (!transaction) {
        return transaction.error();
    }
    store::SettingsRepository settings(db);
    if (auto set = settings.set(QString::fromLatin1(kSettingName), options.name.trimmed()); !set) {
        return set;
    }
    if (auto set = settings.set(QString::fromLatin1(kSettingAddress), options.address); !set) {
        return set;
    }
    if (auto stored = storeOrganisationKeys(db, keys); !stored) {
        return stored;
    }
    const QString fingerprint = crypto::credential::organisationFingerprint(keys.root.publicKey());
    if (auto logged
        = store::AuditLog(db, clock).appendNamed(serverAuditEventName(ServerAuditEvent::ServerInitialised),
            QStringLiteral("organisation=%1").arg(fingerprint));
        !logged) {
        return logged;
    }
    return transaction->commit();
}

QByteArray certificateDer(const QByteArray& pem)
{
    return QSslCertificate(pem, QSsl::Pem).toDer();
}

} // namespace

ServerData::ServerData(store::Database db, Clock clock, ServerIdentity identity, TlsCredentials tls)
    : m_db(std::move(db))
    , m_audit(m_db, std::move(clock))
    , m_identity(std::move(identity))
    , m_tls(std::move(tls))
{ }

DataFolder::DataFolder(QString dir)
    : m_dir(std::move(dir))
{ }

QString DataFolder::databaseFile() const
{
    return QDir(m_dir).filePath(QStringLiteral("server.db"));
}

QString DataFolder::keyFile() const
{
    return QDir(m_dir).filePath(QStringLiteral("server.key"));
}

QString DataFolder::certificateFile() const
{
    return QDir(m_dir).filePath(QStringLiteral("tls.crt"));
}

QString DataFolder::tlsKeyFile() const
{
    return QDir(m_dir).filePath(QStringLiteral("tls.key"));
}

Result<InitReport> DataFolder::init(const InitOptions& options, Clock clock) const
{
    if (auto valid = validateInit(options); !valid) {
        return valid.error();
    }
    // Checked before anything is written, so a bad certificate leaves no half-made folder behind.
    auto tls = options.tlsCertificateFile.isEmpty()
        ? makeSelfSignedCertificate(protocol::parseHostPort(options.address)->host)
        : readTlsFiles(options.tlsCertificateFile, options.tlsKeyFile);
    if (!tls) {
        return tls.error();
    }
    if (auto prepared = prepareEmptyFolder(m_dir); !prepared) {
        return prepared.error();
    }
    InitReport report;
    const auto fail = [this](const Error& error) -> Result<InitReport> {
        removeWhatInitWrote();
        return error;
    };
    auto key = initDatabaseKey(keyFile(), &report.keyFileWritten);
    if (!key) {
        return fail(key.error());
    }
    if (auto written = writeTls(tls.value(), certificateFile(), tlsKeyFile()); !written) {
        return fail(written.error());
    }
    auto keys = generateOrganisationKeys(options.name.trimmed(), clock() / 1000);
    if (!keys) {
        return fail(keys.error());
    }
    {
        auto db = store::Database::open(
            databaseFile(), key.value(), store::CipherSettings::current(), store::Database::Mode::CreateNew);
        if (!db) {
            return fail(db.error());
        }
        if (auto written = writeInitialStore(db.value(), options, keys.value(), clock); !written) {
            return fail(written.error());
        }
    }
    store::makeOwnerOnly(databaseFile());
    report.certificatePin = protocol::certificatePin(certificateDer(tls->certificatePem));
    report.organisationKey = keys->root.publicKey();
    return report;
}

void DataFolder::removeWhatInitWrote() const
{
    for (const QString& file : { databaseFile(), databaseFile() + QStringLiteral("-journal"), keyFile(),
             certificateFile(), tlsKeyFile() }) {
        QFile::remove(file);
    }
}

Result<store::Database> DataFolder::openDatabase() const
{
    auto key = loadDatabaseKey(keyFile());
    if (!key) {
        return key.error();
    }
    // SQLCipher reads only what it needs, so a cut-off file could open; a file that is not whole pages is
    // damaged, whatever the key.
    const qint64 size = QFileInfo(databaseFile()).size();
    if (size == 0 || size % store::CipherSettings::current().pageSize != 0) {
        return makeError(ErrorCode::Corrupt,
            QStringLiteral("server.db in %1 is damaged (it is not a whole number of pages). Restore the data "
                           "folder from a backup.")
                .arg(m_dir));
    }
    auto db = store::Database::open(
        databaseFile(), key.value(), store::CipherSettings::current(), store::Database::Mode::OpenExisting);
    if (db || db.error().code != ErrorCode::Corrupt) {
        return db;
    }
    // SQLCipher cannot tell a wrong key from a damaged first page.
    return makeError(ErrorCode::WrongPassphrase,
        QStringLiteral("server.key does not open server.db in %1: the key is not the one this database was "
                       "made with (or the database is damaged). Restore the matching server.key or %2.")
            .arg(m_dir, QLatin1String(kDatabaseKeyEnvironment)));
}

Result<TlsMaterial> DataFolder::readTls() const
{
    if (auto safe = requireOwnerOnly(tlsKeyFile(), QStringLiteral("TLS key")); !safe) {
        return safe.error();
    }
    if (!QFileInfo::exists(certificateFile())) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral("The TLS certificate %1 is missing. Restore it from your backup (clients pin it).")
                .arg(certificateFile()));
    }
    return readTlsFiles(certificateFile(), tlsKeyFile());
}

Result<std::unique_ptr<ServerData>> DataFolder::open(Clock clock) const
{
    if (!QFileInfo(m_dir).isDir()) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral(
                "The data folder %1 does not exist. Create it with `ward-server init --data %1 ...`, "
                "or give the right --data folder.")
                .arg(m_dir));
    }
    if (!QFileInfo::exists(databaseFile())) {
        return notInitialised(m_dir);
    }
    auto db = openDatabase();
    if (!db) {
        return db.error();
    }
    if (auto migrated = serverMigrator().migrate(db.value()); !migrated) {
        return migrated.error();
    }
    auto tlsMaterial = readTls();
    if (!tlsMaterial) {
        return tlsMaterial.error();
    }
    auto tls = toTlsCredentials(tlsMaterial.value());
    if (!tls) {
        return tls.error();
    }
    store::SettingsRepository settings(db.value());
    auto name = settings.get(QString::fromLatin1(kSettingName));
    auto address = settings.get(QString::fromLatin1(kSettingAddress));
    if (!name || !address) {
        return !name ? name.error() : address.error();
    }
    if (!name->has_value() || !address->has_value()) {
        return notInitialised(m_dir);
    }
    auto keys = loadOrganisationKeys(db.value());
    if (!keys) {
        return keys.error();
    }
    ServerIdentity identity { name->value(), address->value(),
        protocol::certificatePin(tls->certificate.toDer()), keys->root.publicKey(),
        std::move(keys->issuerCertificate), std::move(keys->issuing) };
    return std::make_unique<ServerData>(
        std::move(db).value(), std::move(clock), std::move(identity), std::move(tls).value());
}

} // namespace ward::server
