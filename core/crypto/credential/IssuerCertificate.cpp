#include "crypto/credential/IssuerCertificate.h"

#include "crypto/credential/CanonicalCbor.h"
#include "crypto/credential/CredentialText.h"
#include "crypto/credential/SignedEnvelope.h"

#include <limits>

namespace ward::crypto::credential {

namespace {

constexpr CborKeys kBodyKeys { "v", "key", "naf", "nbf", "org", "name" };
const QString kWhat = QStringLiteral("issuer certificate");

// Why `fields` cannot be a certificate, or an empty string.
QString fieldProblem(const IssuerFields& fields)
{
    if (static_cast<std::size_t>(fields.organisationKey.size()) != kPublicKeyBytes
        || static_cast<std::size_t>(fields.issuingKey.size()) != kPublicKeyBytes) {
        return QStringLiteral("a key is not 32 bytes");
    }
    if (!validDisplayName(fields.organisationName)) {
        return QStringLiteral("the organisation name is empty, too long or has characters that are not "
                              "allowed in a name");
    }
    if (!fields.validity.wellFormed()) {
        return QStringLiteral("the validity period is not a valid range");
    }
    return {};
}

} // namespace

QByteArray IssuerCertificate::encodeBody(const IssuerFields& fields)
{
    CanonicalCborWriter w;
    w.beginMap(kBodyKeys);
    w.key("v");
    w.unsignedInt(kCredentialFormatVersion);
    w.key("key");
    w.bytes(fields.issuingKey);
    w.key("naf");
    w.unsignedInt(static_cast<std::uint64_t>(fields.validity.notAfter));
    w.key("nbf");
    w.unsignedInt(static_cast<std::uint64_t>(fields.validity.notBefore));
    w.key("org");
    w.bytes(fields.organisationKey);
    w.key("name");
    w.text(fields.organisationName);
    w.endMap();
    return w.data();
}

Result<IssuerCertificate> IssuerCertificate::issue(const IssuerFields& fields, const SigningKey& root)
{
    if (const QString problem = fieldProblem(fields); !problem.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The issuer certificate cannot be made: %1.").arg(problem));
    }
    if (root.publicKey() != fields.organisationKey) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The issuer certificate must be signed by the organisation key it names."));
    }
    IssuerCertificate cert;
    cert.m_fields = fields;
    cert.m_body = encodeBody(fields);
    cert.m_signature = root.sign(SignedKind::IssuerCertificate, cert.m_body);
    return cert;
}

CredentialResult<IssuerCertificate> IssuerCertificate::parse(const QByteArray& bytes)
{
    auto envelope = SignedEnvelope::parse(bytes, kMaxIssuerCertificateBytes, EnvelopeShape::Plain, kWhat);
    if (!envelope) {
        return envelope.error();
    }
    CanonicalCborReader r(envelope->body);
    IssuerFields f;
    r.beginMap(kBodyKeys);
    r.key("v");
    const std::uint64_t version = r.unsignedInt(1, std::numeric_limits<std::uint64_t>::max());
    if (!r.failed() && version != kCredentialFormatVersion) {
        return unsupportedVersion(kWhat, version);
    }
    r.key("key");
    f.issuingKey = r.bytes(kPublicKeyBytes, kPublicKeyBytes);
    r.key("naf");
    f.validity.notAfter = static_cast<std::int64_t>(r.unsignedInt(0, kMaxTimeSeconds));
    r.key("nbf");
    f.validity.notBefore = static_cast<std::int64_t>(r.unsignedInt(0, kMaxTimeSeconds));
    r.key("org");
    f.organisationKey = r.bytes(kPublicKeyBytes, kPublicKeyBytes);
    r.key("name");
    f.organisationName = r.text(kMaxNameBytes);
    r.endMap();
    if (!r.finish()) {
        return malformed(kWhat, r.problem());
    }
    if (const QString problem = fieldProblem(f); !problem.isEmpty()) {
        return malformed(kWhat, problem);
    }
    if (encodeBody(f) != envelope->body) {
        return malformed(kWhat, QStringLiteral("the signed part is not in canonical form"));
    }
    IssuerCertificate cert;
    cert.m_fields = std::move(f);
    cert.m_body = std::move(envelope->body);
    cert.m_signature = std::move(envelope->signature);
    return cert;
}

QByteArray IssuerCertificate::encode() const
{
    return SignedEnvelope { encodeBody(m_fields), m_signature, {} }.encode(EnvelopeShape::Plain);
}

bool IssuerCertificate::signedBy(const QByteArray& organisationKey) const
{
    return verifySignature(SignedKind::IssuerCertificate, organisationKey, m_body, m_signature);
}

} // namespace ward::crypto::credential
