#include "store/CipherSettings.h"

#include "store/Database.h"

#include <QList>

namespace ward::store {

CipherSettings CipherSettings::current()
{
    return CipherSettings {};
}

bool CipherSettings::valid() const
{
    const bool pageOk = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) == 0;
    const bool iterOk = kdfIterations >= 1 && kdfIterations <= 10'000'000;
    const bool hmacOk = hmacAlgorithm == QLatin1String("HMAC_SHA1")
        || hmacAlgorithm == QLatin1String("HMAC_SHA256") || hmacAlgorithm == QLatin1String("HMAC_SHA512");
    const bool kdfOk = kdfAlgorithm == QLatin1String("PBKDF2_HMAC_SHA1")
        || kdfAlgorithm == QLatin1String("PBKDF2_HMAC_SHA256")
        || kdfAlgorithm == QLatin1String("PBKDF2_HMAC_SHA512");
    return pageOk && iterOk && hmacOk && kdfOk;
}

Status applyCipherSettings(Database& db, const CipherSettings& settings)
{
    if (!settings.valid()) {
        return makeError(ErrorCode::Corrupt,
            QStringLiteral("The profile names database encryption settings Ward does not support (%1).")
                .arg(db.path()));
    }
    // PRAGMAs cannot take bound parameters; every value here was checked against an allow-list above.
    QList<QByteArray> pragmas {
        QByteArrayLiteral("PRAGMA cipher_page_size = ") + QByteArray::number(settings.pageSize),
        QByteArrayLiteral("PRAGMA kdf_iter = ") + QByteArray::number(settings.kdfIterations),
        QByteArrayLiteral("PRAGMA cipher_use_hmac = ON"),
    };
    // SQLCipher 3.x has SHA-1 fixed and no pragma for it; 4.x and later need to be told.
    const QString version = db.cipherVersion();
    if (!version.isEmpty() && !version.startsWith(QLatin1String("3."))) {
        pragmas.append(
            QByteArrayLiteral("PRAGMA cipher_hmac_algorithm = ") + settings.hmacAlgorithm.toLatin1());
        pragmas.append(
            QByteArrayLiteral("PRAGMA cipher_kdf_algorithm = ") + settings.kdfAlgorithm.toLatin1());
    } else if (settings.hmacAlgorithm != QLatin1String("HMAC_SHA1")
        || settings.kdfAlgorithm != QLatin1String("PBKDF2_HMAC_SHA1")) {
        return makeError(ErrorCode::TooNew,
            QStringLiteral(
                "The profile's database was written by a newer SQLCipher (%1) than this Ward has (%2). "
                "Update Ward to open it.")
                .arg(settings.writtenBy, version));
    }
    for (const QByteArray& pragma : pragmas) {
        if (auto status = db.exec(pragma.constData()); !status) {
            return status;
        }
    }
    return {};
}

} // namespace ward::store
