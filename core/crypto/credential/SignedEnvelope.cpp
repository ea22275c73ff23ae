#include "crypto/credential/SignedEnvelope.h"

#include "crypto/credential/CanonicalCbor.h"
#include "crypto/credential/SignatureDomain.h"

#include <limits>

namespace ward::crypto::credential {

namespace {
constexpr CborKeys kPlainKeys { "v", "sig", "body" };
constexpr CborKeys kChainKeys { "v", "sig", "body", "issuer" };
} // namespace

CredentialError malformed(const QString& what, const QString& detail)
{
    return credentialError(CredentialProblem::Malformed,
        QStringLiteral("The %1 is damaged or is not a Ward %1 (%2). Ask the clinic for a new copy.")
            .arg(what, detail));
}

CredentialError unsupportedVersion(const QString& what, std::uint64_t version)
{
    return credentialError(CredentialProblem::UnsupportedVersion,
        QStringLiteral("The %1 was made by a newer version of Ward (format %2). Update Ward to check it.")
            .arg(what)
            .arg(version));
}

QByteArray SignedEnvelope::encode(EnvelopeShape shape) const
{
    const bool chain = shape == EnvelopeShape::WithIssuerCertificate;
    CanonicalCborWriter w;
    w.beginMap(chain ? kChainKeys : kPlainKeys);
    w.key("v");
    w.unsignedInt(kCredentialFormatVersion);
    w.key("sig");
    w.bytes(signature);
    w.key("body");
    w.bytes(body);
    if (chain) {
        w.key("issuer");
        w.bytes(issuerCertificate);
    }
    w.endMap();
    return w.data();
}

CredentialResult<SignedEnvelope> SignedEnvelope::parse(
    const QByteArray& bytes, qsizetype maxBytes, EnvelopeShape shape, const QString& what)
{
    if (bytes.isEmpty()) {
        return malformed(what, QStringLiteral("it is empty"));
    }
    if (bytes.size() > maxBytes) {
        return malformed(what, QStringLiteral("larger than %1 bytes").arg(maxBytes));
    }
    const bool chain = shape == EnvelopeShape::WithIssuerCertificate;
    CanonicalCborReader r(bytes);
    r.beginMap(chain ? kChainKeys : kPlainKeys);
    r.key("v");
    const std::uint64_t version = r.unsignedInt(1, std::numeric_limits<std::uint64_t>::max());
    if (!r.failed() && version != kCredentialFormatVersion) {
        return unsupportedVersion(what, version);
    }
    SignedEnvelope out;
    r.key("sig");
    out.signature = r.bytes(kSignatureBytes, kSignatureBytes);
    r.key("body");
    out.body = r.bytes(1, maxBytes);
    if (chain) {
        r.key("issuer");
        out.issuerCertificate = r.bytes(1, maxBytes);
    }
    r.endMap();
    if (!r.finish()) {
        return malformed(what, r.problem());
    }
    if (out.encode(shape) != bytes) {
        return malformed(what, QStringLiteral("not in canonical form"));
    }
    return out;
}

} // namespace ward::crypto::credential
