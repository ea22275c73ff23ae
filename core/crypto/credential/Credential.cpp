#include "crypto/credential/Credential.h"

#include "crypto/Sodium.h"
#include "crypto/credential/CanonicalCbor.h"
#include "crypto/credential/CredentialText.h"
#include "crypto/credential/SignedEnvelope.h"

#include <sodium.h>

#include <limits>

namespace ward::crypto::credential {

namespace {

constexpr CborKeys kBodyKeys { "v", "naf", "nbf", "name", "role", "user", "device", "issuer", "serial" };
constexpr qsizetype kMaxRoleBytes = 16;
const QString kWhat = QStringLiteral("credential");

QString fieldProblem(const CredentialFields& fields)
{
    if (fields.serial == 0 || fields.serial > kMaxSerial) {
        return QStringLiteral("the serial is out of range");
    }
    if (!validUserId(fields.userId)) {
        return QStringLiteral("the user id is empty, too long or has characters other than letters, digits "
                              "and . _ @ + -");
    }
    if (!validDisplayName(fields.displayName)) {
        return QStringLiteral("the name is empty, too long or has characters that are not allowed in a name");
    }
    if (static_cast<std::size_t>(fields.deviceKey.size()) != kPublicKeyBytes
        || static_cast<std::size_t>(fields.issuerKey.size()) != kPublicKeyBytes) {
        return QStringLiteral("a key is not 32 bytes");
    }
    if (!fields.validity.wellFormed()) {
        return QStringLiteral("the validity period is not a valid range");
    }
    return {};
}

} // namespace

QByteArray Credential::encodeBody(const CredentialFields& fields)
{
    CanonicalCborWriter w;
    w.beginMap(kBodyKeys);
    w.key("v");
    w.unsignedInt(kCredentialFormatVersion);
    w.key("naf");
    w.unsignedInt(static_cast<std::uint64_t>(fields.validity.notAfter));
    w.key("nbf");
    w.unsignedInt(static_cast<std::uint64_t>(fields.validity.notBefore));
    w.key("name");
    w.text(fields.displayName);
    w.key("role");
    w.text(roleName(fields.role));
    w.key("user");
    w.text(fields.userId);
    w.key("device");
    w.bytes(fields.deviceKey);
    w.key("issuer");
    w.bytes(fields.issuerKey);
    w.key("serial");
    w.unsignedInt(fields.serial);
    w.endMap();
    return w.data();
}

std::uint64_t Credential::randomSerial()
{
    ensureSodium();
    std::uint64_t serial = 0;
    while (serial == 0) {
        randombytes_buf(&serial, sizeof serial);
        serial &= kMaxSerial;
    }
    return serial;
}

Result<Credential> Credential::issue(
    const CredentialFields& fields, const SigningKey& issuingKey, const IssuerCertificate& issuer)
{
    if (const QString problem = fieldProblem(fields); !problem.isEmpty()) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("The credential cannot be made: %1.").arg(problem));
    }
    if (issuingKey.publicKey() != fields.issuerKey || issuer.fields().issuingKey != fields.issuerKey) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The credential must be signed by the issuing key its certificate names."));
    }
    Credential credential;
    credential.m_fields = fields;
    credential.m_issuer = issuer;
    credential.m_body = encodeBody(fields);
    credential.m_signature = issuingKey.sign(SignedKind::Credential, credential.m_body);
    return credential;
}

CredentialResult<Credential> Credential::parse(const QByteArray& bytes)
{
    auto envelope
        = SignedEnvelope::parse(bytes, kMaxCredentialBytes, EnvelopeShape::WithIssuerCertificate, kWhat);
    if (!envelope) {
        return envelope.error();
    }
    auto issuer = IssuerCertificate::parse(envelope->issuerCertificate);
    if (!issuer) {
        return issuer.error();
    }
    CanonicalCborReader r(envelope->body);
    CredentialFields f;
    r.beginMap(kBodyKeys);
    r.key("v");
    const std::uint64_t version = r.unsignedInt(1, std::numeric_limits<std::uint64_t>::max());
    if (!r.failed() && version != kCredentialFormatVersion) {
        return unsupportedVersion(kWhat, version);
    }
    r.key("naf");
    f.validity.notAfter = static_cast<std::int64_t>(r.unsignedInt(0, kMaxTimeSeconds));
    r.key("nbf");
    f.validity.notBefore = static_cast<std::int64_t>(r.unsignedInt(0, kMaxTimeSeconds));
    r.key("name");
    f.displayName = r.text(kMaxNameBytes);
    r.key("role");
    const QString role = r.text(kMaxRoleBytes);
    r.key("user");
    f.userId = r.text(kMaxUserIdBytes);
    r.key("device");
    f.deviceKey = r.bytes(kPublicKeyBytes, kPublicKeyBytes);
    r.key("issuer");
    f.issuerKey = r.bytes(kPublicKeyBytes, kPublicKeyBytes);
    r.key("serial");
    f.serial = r.unsignedInt(1, kMaxSerial);
    r.endMap();
    if (!r.finish()) {
        return malformed(kWhat, r.problem());
    }
    const auto parsedRole = parseRole(role);
    if (!parsedRole) {
        return malformed(kWhat, QStringLiteral("unknown role"));
    }
    f.role = *parsedRole;
    if (const QString problem = fieldProblem(f); !problem.isEmpty()) {
        return malformed(kWhat, problem);
    }
    if (encodeBody(f) != envelope->body) {
        return malformed(kWhat, QStringLiteral("the signed part is not in canonical form"));
    }
    Credential credential;
    credential.m_fields = std::move(f);
    credential.m_issuer = std::move(issuer).value();
    credential.m_body = std::move(envelope->body);
    credential.m_signature = std::move(envelope->signature);
    return credential;
}

QByteArray Credential::encode() const
{
    return SignedEnvelope { encodeBody(m_fields), m_signature, m_issuer.encode() }.encode(
        EnvelopeShape::WithIssuerCertificate);
}

bool Credential::signedBy(const QByteArray& issuingKey) const
{
    return verifySignature(SignedKind::Credential, issuingKey, m_body, m_signature);
}

} // namespace ward::crypto::credential
