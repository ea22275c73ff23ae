#include "store/Profile.h"

#include "crypto/Argon2.h"
#include "store/CipherGuard.h"
#include "store/FileSafety.h"
#include "store/Schema.h"
#include "store/UnlockThrottle.h"
#include "store/Vault.h"

#include <QFile>
#include <QFileInfo>

namespace ward::store {

namespace {

Result<crypto::SecretBytes> acceptableNewPassphrase(
    const crypto::SecretBytes& passphrase, const policy::PassphraseRules& rules)
{
    auto normalized = policy::PassphrasePolicy::normalize(passphrase);
    if (!normalized) {
        return normalized.error();
    }
    const policy::PassphraseCheck check = policy::PassphrasePolicy(rules).check(normalized.value());
    if (!check.acceptable) {
        return makeError(ErrorCode::PassphraseRejected, check.problem);
    }
    return normalized;
}

Status integrityCheck(Database& db)
{
    auto stmt = db.prepare("PRAGMA quick_check");
    if (!stmt) {
        return stmt.error();
    }
    auto row = stmt->step();
    if (!row) {
        return row.error();
    }
    if (!row.value() || stmt->text(0) != QLatin1String("ok")) {
        return makeError(ErrorCode::Corrupt,
            QStringLiteral(
                "The history database is damaged (%1). Ward did not change the file; restore it from a "
                "backup or contact your clinic's IT support.")
                .arg(db.path()));
    }
    return {};
}

// Opens the database with its key and checks its pages before anything reads or migrates it.
Result<Database> openHistory(
    const ProfilePaths& paths, const VaultFile& vault, const crypto::SecretBytes& key)
{
    auto db = Database::open(paths.database(), key, vault.header().cipher, Database::Mode::OpenExisting);
    if (!db) {
        return db.error();
    }
    if (auto status = integrityCheck(db.value()); !status) {
        return status.error();
    }
    return db;
}

// The identity seeds from an opened vault. A profile made before device identities existed has none: it
// gets a new identity now, sealed into its vault under the same passphrase, and `created` says so.
Result<crypto::DeviceIdentity> identityFromVault(
    const ProfilePaths& paths, VaultFile& vault, OpenedVault& opened, bool& created)
{
    auto signing = opened.secrets.find(QString::fromLatin1(kIdentitySigningKeyName));
    auto exchange = opened.secrets.find(QString::fromLatin1(kIdentityStaticKeyName));
    created = signing == opened.secrets.end() || exchange == opened.secrets.end();
    if (!created) {
        auto identity
            = crypto::DeviceIdentity::fromSeeds(std::move(signing->second), std::move(exchange->second));
        if (!identity) {
            return makeError(ErrorCode::Corrupt,
                QStringLiteral("%1 Restore the file %2 from a backup.")
                    .arg(identity.error().message, paths.vault()));
        }
        return identity;
    }
    crypto::DeviceIdentity identity = crypto::DeviceIdentity::generate();
    Vault::seal(
        vault, opened.wrappingKey, QString::fromLatin1(kIdentitySigningKeyName), identity.signingSeed());
    Vault::seal(
        vault, opened.wrappingKey, QString::fromLatin1(kIdentityStaticKeyName), identity.staticSecret());
    if (auto status = Vault::write(paths.vault(), vault); !status) {
        return status.error();
    }
    return identity;
}

// A database without a vault is what an interrupted creation leaves: its key died with that process, so
// nothing can open it. It is renamed rather than deleted, and creation starts afresh.
Status setAsideUnfinishedCreation(const ProfilePaths& paths, std::int64_t nowMs)
{
    for (const QString& file : { paths.database(), paths.database() + QStringLiteral("-journal") }) {
        if (!QFileInfo::exists(file)) {
            continue;
        }
        const QString aside = QStringLiteral("%1.unfinished-%2").arg(file, QString::number(nowMs));
        if (!QFile::rename(file, aside)) {
            return makeError(ErrorCode::Io,
                QStringLiteral(
                    "An unfinished profile (%1) is in the way and could not be moved aside. Move or "
                    "delete it, then try again.")
                    .arg(file));
        }
    }
    return {};
}

// Writes the database first and the vault last: a profile exists once its vault does.
Result<std::unique_ptr<ProfileSession>> createInEmptyFolder(
    const ProfilePaths& paths, const crypto::SecretBytes& passphrase, const ProfileOptions& options)
{
    const crypto::SecretBytes databaseKey = crypto::SecretBytes::random(kDatabaseKeyBytes);
    CipherSettings cipher = CipherSettings::current();
    auto db = Database::open(paths.database(), databaseKey, cipher, Database::Mode::CreateNew);
    if (!db) {
        return db.error();
    }
    makeOwnerOnly(paths.database());
    cipher.writtenBy = db->cipherVersion();
    const crypto::Argon2Params params = crypto::argon2Calibrate(options.kdfTarget);
    crypto::DeviceIdentity identity = crypto::DeviceIdentity::generate();
    VaultSecrets secrets;
    secrets.emplace(QString::fromLatin1(kDatabaseKeyName), databaseKey.clone());
    secrets.emplace(QString::fromLatin1(kIdentitySigningKeyName), identity.signingSeed().clone());
    secrets.emplace(QString::fromLatin1(kIdentityStaticKeyName), identity.staticSecret().clone());
    auto vault = Vault::create(passphrase, secrets, params, cipher, options.clock());
    if (!vault) {
        return vault.error();
    }

    auto migrated = historyMigrator().migrate(db.value());
    if (!migrated) {
        return migrated.error();
    }
    auto session
        = std::make_unique<ProfileSession>(paths, std::move(db).value(), std::move(identity), options.clock);
    if (auto status = session->audit().append(AuditEvent::ProfileCreated); !status) {
        return status.error();
    }
    if (auto status = refusePlaintextFile(paths.database()); !status) {
        return status.error();
    }
    if (auto status = Vault::write(paths.vault(), vault.value()); !status) {
        return status.error();
    }
    return session;
}

} // namespace

ProfileSession::ProfileSession(ProfilePaths paths, Database db, crypto::DeviceIdentity identity, Clock clock)
    : m_paths(std::move(paths))
    , m_db(std::move(db))
    , m_identity(std::move(identity))
    , m_audit(m_db, clock)
    , m_visits(m_db, m_audit, clock)
{ }

Status ProfileSession::recordLock(const QString& reason)
{
    return m_audit.append(AuditEvent::ProfileLocked, reason);
}

bool Profile::exists(const QString& dir)
{
    return QFileInfo::exists(ProfilePaths { dir }.vault());
}

Result<std::unique_ptr<ProfileSession>> Profile::create(
    const QString& dir, const crypto::SecretBytes& passphrase, const ProfileOptions& options)
{
    const ProfilePaths paths { dir };
    if (exists(dir)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("There is already a profile in %1. Unlock it, or choose another folder.")
                .arg(dir));
    }
    auto normalized = acceptableNewPassphrase(passphrase, options.rules);
    if (!normalized) {
        return normalized.error();
    }
    if (auto status = makePrivateFolder(dir); !status) {
        return status.error();
    }
    if (auto status = setAsideUnfinishedCreation(paths, options.clock()); !status) {
        return status.error();
    }

    auto created = createInEmptyFolder(paths, normalized.value(), options);
    if (!created) {
        // Only files this call made are removed: the folder held no profile when it began.
        QFile::remove(paths.database());
        QFile::remove(paths.database() + QStringLiteral("-journal"));
    }
    return created;
}

Result<std::unique_ptr<ProfileSession>> Profile::unlock(
    const QString& dir, const crypto::SecretBytes& passphrase, const Clock& clock)
{
    const ProfilePaths paths { dir };
    if (!exists(dir)) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral("There is no Ward profile in %1. Create one first (wardctl init, or start Ward).")
                .arg(dir));
    }
    auto vault = Vault::read(paths.vault());
    if (!vault) {
        return vault.error();
    }
    UnlockThrottle throttle(paths.unlockState(), clock);
    if (auto status = throttle.beginAttempt(); !status) {
        return status.error();
    }
    auto normalized = policy::PassphrasePolicy::normalize(passphrase);
    if (!normalized) {
        return makeError(ErrorCode::WrongPassphrase,
            QStringLiteral("That passphrase is not correct. Check that Caps Lock is off and try again."));
    }
    auto opened = Vault::open(vault.value(), normalized.value());
    if (!opened) {
        return opened.error();
    }
    auto db = openHistory(paths, vault.value(), opened->secrets.at(QString::fromLatin1(kDatabaseKeyName)));
    if (!db) {
        return db.error();
    }
    auto migrated = historyMigrator().migrate(db.value());
    if (!migrated) {
        return migrated.error();
    }
    bool identityCreated = false;
    auto identity = identityFromVault(paths, vault.value(), opened.value(), identityCreated);
    if (!identity) {
        return identity.error();
    }
    auto session
        = std::make_unique<ProfileSession>(paths, std::move(db).value(), std::move(identity).value(), clock);
    if (identityCreated) {
        if (auto status = session->audit().append(AuditEvent::DeviceKeysCreated); !status) {
            return status.error();
        }
    }
    if (migrated->toVersion != migrated->fromVersion) {
        const QString detail
            = QStringLiteral("format %1 to %2").arg(migrated->fromVersion).arg(migrated->toVersion);
        if (auto status = session->audit().append(AuditEvent::SchemaMigrated, detail); !status) {
            return status.error();
        }
    }
    for (std::int64_t failedAt : throttle.failuresBeforeThisAttempt()) {
        if (auto status = session->audit().appendAt(AuditEvent::UnlockFailed, failedAt); !status) {
            return status.error();
        }
    }
    if (auto status = throttle.reset(); !status) {
        return status.error();
    }
    if (auto status = session->audit().append(AuditEvent::ProfileUnlocked); !status) {
        return status.error();
    }
    return session;
}

Status Profile::changePassphrase(const QString& dir, const crypto::SecretBytes& oldPassphrase,
    const crypto::SecretBytes& newPassphrase, const ProfileOptions& options)
{
    auto normalizedNew = acceptableNewPassphrase(newPassphrase, options.rules);
    if (!normalizedNew) {
        return normalizedNew.error();
    }
    auto session = unlock(dir, oldPassphrase, options.clock);
    if (!session) {
        return session.error();
    }
    const ProfilePaths paths { dir };
    auto vault = Vault::read(paths.vault());
    if (!vault) {
        return vault.error();
    }
    auto normalizedOld = policy::PassphrasePolicy::normalize(oldPassphrase);
    if (!normalizedOld) {
        return normalizedOld.error();
    }
    const crypto::Argon2Params params = crypto::argon2Calibrate(options.kdfTarget);
    auto rewrapped = Vault::rewrap(vault.value(), normalizedOld.value(), normalizedNew.value(), params);
    if (!rewrapped) {
        return rewrapped.error();
    }
    if (auto status = Vault::write(paths.vault(), rewrapped.value()); !status) {
        return status;
    }
    return session.value()->audit().append(AuditEvent::PassphraseChanged);
}

std::int64_t Profile::unlockWaitMs(const QString& dir, const Clock& clock)
{
    return UnlockThrottle(ProfilePaths { dir }.unlockState(), clock).waitRemainingMs();
}

} // namespace ward::store
