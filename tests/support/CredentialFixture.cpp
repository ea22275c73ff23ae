#include "CredentialFixture.h"

#include "crypto/DeviceIdentity.h"
#include "crypto/credential/SignedEnvelope.h"

#include <QCborStreamWriter>

#include <catch2/catch.hpp>

namespace ward::test {

using namespace ward::crypto::credential;

namespace {
IssuerCertificate makeCertificate(const SigningKey& root, const SigningKey& issuing)
{
    IssuerFields fields;
    fields.organisationKey = root.publicKey();
    fields.issuingKey = issuing.publicKey();
    fields.organisationName = QStringLiteral("Riverside Family Clinic");
    fields.validity = { kIssuerNotBefore, kIssuerNotAfter };
    auto cert = IssuerCertificate::issue(fields, root);
    REQUIRE(cert.ok());
    return std::move(cert).value();
}
} // namespace

TestOrganisation::TestOrganisation()
    : root(SigningKey::generate())
    , issuing(SigningKey::generate())
    , certificate(makeCertificate(root, issuing))
    , deviceKey(crypto::DeviceIdentity::generate().publicIdentity().signingKey)
{ }

CredentialFields TestOrganisation::fields(std::uint64_t serial) const
{
    CredentialFields f;
    f.serial = serial;
    f.userId = QStringLiteral("dr.okafor@riverside.example");
    f.displayName = QStringLiteral("Dr. Adaeze Okafor");
    f.role = Role::Clinician;
    f.deviceKey = deviceKey;
    f.issuerKey = issuing.publicKey();
    f.validity = { kCredentialNotBefore, kCredentialNotAfter };
    return f;
}

Credential TestOrganisation::issue(const CredentialFields& f) const
{
    auto credential = Credential::issue(f, issuing, certificate);
    INFO((credential ? QString() : credential.error().message).toStdString());
    REQUIRE(credential.ok());
    return std::move(credential).value();
}

QByteArray TestOrganisation::credentialBytes(std::uint64_t serial) const
{
    return issue(fields(serial)).encode();
}

QByteArray TestOrganisation::revocations(
    std::uint64_t version, std::vector<std::uint64_t> serials, std::vector<QByteArray> issuingKeys) const
{
    RevocationFields f;
    f.organisationKey = root.publicKey();
    f.version = version;
    f.issuedAt = kCredentialNow;
    f.serials = std::move(serials);
    f.issuingKeys = std::move(issuingKeys);
    auto list = RevocationList::issue(std::move(f), root);
    REQUIRE(list.ok());
    return list->encode();
}

CredentialVerifier TestOrganisation::verifier() const
{
    return CredentialVerifier(root.publicKey());
}

QByteArray rawMap(const RawFields& fields)
{
    QByteArray out;
    QCborStreamWriter writer(&out);
    writer.startMap(static_cast<quint64>(fields.size()));
    for (const auto& [key, value] : fields) {
        writer.append(key);
        value.toCbor(writer);
    }
    writer.endMap();
    return out;
}

RawFields credentialBodyFields(const CredentialFields& f)
{
    return {
        { QStringLiteral("v"), QCborValue(1) },
        { QStringLiteral("naf"), QCborValue(static_cast<qint64>(f.validity.notAfter)) },
        { QStringLiteral("nbf"), QCborValue(static_cast<qint64>(f.validity.notBefore)) },
        { QStringLiteral("name"), QCborValue(f.displayName) },
        { QStringLiteral("role"), QCborValue(roleName(f.role)) },
        { QStringLiteral("user"), QCborValue(f.userId) },
        { QStringLiteral("device"), QCborValue(f.deviceKey) },
        { QStringLiteral("issuer"), QCborValue(f.issuerKey) },
        { QStringLiteral("serial"), QCborValue(static_cast<qint64>(f.serial)) },
    };
}

QByteArray envelope(const QByteArray& body, const QByteArray& signature)
{
    return SignedEnvelope { body, signature, {} }.encode(EnvelopeShape::Plain);
}

QByteArray credentialEnvelope(const QByteArray& body, const QByteArray& signature, const QByteArray& issuer)
{
    return SignedEnvelope { body, signature, issuer }.encode(EnvelopeShape::WithIssuerCertificate);
}

CredentialExpectations at(std::int64_t now)
{
    CredentialExpectations expect;
    expect.now = now;
    return expect;
}

} // namespace ward::test
