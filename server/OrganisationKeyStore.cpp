#include "OrganisationKeyStore.h"

#include "store/Database.h"
#include "store/SettingsRepository.h"

namespace ward::server {

using namespace crypto::credential;

namespace {

constexpr std::int64_t kIssuerValiditySeconds = 5LL * 365 * 24 * 3600;

Error corrupt(const QString& what)
{
    return makeError(ErrorCode::Corrupt,
        QStringLiteral("The organisation keys in server.db are damaged (%1). Restore the data folder from a "
                       "backup.")
            .arg(what));
}

Status storeKey(store::Database& db, const char* name, const SigningKey& key)
{
    auto insert = db.prepare("INSERT INTO org_keys (name, seed, public_key) VALUES (?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    const crypto::SecretBytes seed = key.seed();
    QByteArray bound(seed.chars(), static_cast<qsizetype>(seed.size()));
    insert->bind(1, QString::fromLatin1(name)).bind(2, bound).bind(3, key.publicKey());
    auto status = insert->run();
    bound.fill('\0');
    return status;
}

Result<SigningKey> loadKey(store::Database& db, const char* name)
{
    auto query = db.prepare("SELECT seed, public_key FROM org_keys WHERE name = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, QString::fromLatin1(name));
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return corrupt(QStringLiteral("the %1 key is missing").arg(QLatin1String(name)));
    }
    QByteArray blob = query->blob(0);
    const crypto::SecretBytes seed(
        reinterpret_cast<const std::uint8_t*>(blob.constData()), static_cast<std::size_t>(blob.size()));
    blob.fill('\0');
    auto key = SigningKey::fromSeed(seed);
    if (!key || key->publicKey() != query->blob(1)) {
        return corrupt(QStringLiteral("the %1 key does not match its public key").arg(QLatin1String(name)));
    }
    return key;
}

} // namespace

Result<OrganisationKeys> generateOrganisationKeys(const QString& organisationName, std::int64_t nowSeconds)
{
    SigningKey root = SigningKey::generate();
    SigningKey issuing = SigningKey::generate();
    const IssuerFields fields { root.publicKey(), issuing.publicKey(), organisationName,
        Validity { nowSeconds - 3600, nowSeconds + kIssuerValiditySeconds } };
    auto certificate = IssuerCertificate::issue(fields, root);
    if (!certificate) {
        return certificate.error();
    }
    return OrganisationKeys { std::move(root), std::move(issuing), std::move(certificate).value() };
}

Status storeOrganisationKeys(store::Database& db, const OrganisationKeys& keys)
{
    if (auto stored = storeKey(db, "root", keys.root); !stored) {
        return stored;
    }
    if (auto stored = storeKey(db, "issuing", keys.issuing); !stored) {
        return stored;
    }
    return store::SettingsRepository(db).set(QString::fromLatin1(kSettingIssuerCertificate),
        QString::fromLatin1(keys.issuerCertificate.encode().toBase64()));
}

Result<OrganisationKeys> loadOrganisationKeys(store::Database& db)
{
    auto root = loadKey(db, "root");
    if (!root) {
        return root.error();
    }
    auto issuing = loadKey(db, "issuing");
    if (!issuing) {
        return issuing.error();
    }
    auto text = store::SettingsRepository(db).get(QString::fromLatin1(kSettingIssuerCertificate));
    if (!text) {
        return text.error();
    }
    if (!text->has_value()) {
        return corrupt(QStringLiteral("the issuer certificate is missing"));
    }
    const auto decoded
        = QByteArray::fromBase64Encoding(text->value().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        return corrupt(QStringLiteral("the issuer certificate is not base64"));
    }
    auto certificate = IssuerCertificate::parse(*decoded);
    if (!certificate || certificate->fields().organisationKey != root->publicKey()
        || certificate->fields().issuingKey != issuing->publicKey()
        || !certificate->signedBy(root->publicKey())) {
        return corrupt(QStringLiteral("the issuer certificate does not match the keys"));
    }
    return OrganisationKeys { std::move(root).value(), std::move(issuing).value(),
        std::move(certificate).value() };
}

} // namespace ward::server
