#include "store/CipherGuard.h"

#include "store/Database.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstring>

namespace ward::store {

Status requireSqlCipher(Database& db)
{
    if (db.cipherVersion().isEmpty()) {
        return makeError(ErrorCode::Unsafe,
            QStringLiteral(
                "Ward's database library is not the encrypting SQLCipher (PRAGMA cipher_version gave no "
                "answer), so Ward refuses to store anything. Reinstall Ward or contact your clinic's IT "
                "support."));
    }
    return {};
}

Status refusePlaintextFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(
            ErrorCode::Io, QStringLiteral("Ward could not read %1: %2.").arg(path, file.errorString()));
    }
    const QByteArray head = file.read(sizeof(kPlaintextSqliteMagic) - 1);
    if (head == QByteArray(kPlaintextSqliteMagic)) {
        return makeError(ErrorCode::Unsafe,
            QStringLiteral(
                "%1 is an unencrypted database. Ward refuses to open or write it; contact your clinic's IT "
                "support.")
                .arg(path));
    }
    return {};
}

Status verifyEncryptionAtStartup(const QString& scratchDir)
{
    QDir().mkpath(scratchDir);
    QTemporaryDir dir(QDir(scratchDir).filePath(QStringLiteral("ward-selftest-XXXXXX")));
    if (!dir.isValid()) {
        return makeError(ErrorCode::Io,
            QStringLiteral("Ward could not create a temporary folder in %1 for its encryption self-test.")
                .arg(scratchDir));
    }
    const QString path = dir.filePath(QStringLiteral("selftest.db"));
    {
        auto db = Database::open(path, crypto::SecretBytes::random(kDatabaseKeyBytes),
            CipherSettings::current(), Database::Mode::CreateNew);
        if (!db) {
            return db.error();
        }
        if (auto status = db->exec("CREATE TABLE probe(x TEXT); INSERT INTO probe VALUES('ward-selftest')");
            !status) {
            return status;
        }
    }
    return refusePlaintextFile(path);
}

} // namespace ward::store
