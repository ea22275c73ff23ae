#include "crypto/credential/RevocationList.h"

#include "crypto/credential/CanonicalCbor.h"
#include "crypto/credential/Credential.h"
#include "crypto/credential/SignedEnvelope.h"
#include "crypto/credential/Validity.h"

#include <algorithm>
#include <limits>

namespace ward::crypto::credential {

namespace {

constexpr CborKeys kBodyKeys { "v", "org", "issued", "issuers", "serials", "version" };
const QString kWhat = QStringLiteral("revocation list");

QString fieldProblem(const RevocationFields& f)
{
    if (static_cast<std::size_t>(f.organisationKey.size()) != kPublicKeyBytes) {
        return QStringLiteral("the organisation key is not 32 bytes");
    }
    if (f.version == 0 || f.version > kMaxRevocationVersion) {
        return QStringLiteral("the version is out of range");
    }
    if (f.issuedAt < 0 || f.issuedAt > kMaxTimeSeconds) {
        return QStringLiteral("the issue time is out of range");
    }
    if (f.serials.size() > kMaxRevokedSerials || f.issuingKeys.size() > kMaxRevokedIssuers) {
        return QStringLiteral("it lists more entries than Ward accepts");
    }
    // Strictly ascending: one order, so one encoding, and a binary search can trust it.
    if (std::adjacent_find(f.serials.begin(), f.serials.end(), std::greater_equal<>()) != f.serials.end()
        || std::any_of(f.serials.begin(), f.serials.end(), [](auto s) { return s == 0 || s > kMaxSerial; })) {
        return QStringLiteral("the serials are not ascending, repeat or are out of range");
    }
    if (std::adjacent_find(f.issuingKeys.begin(), f.issuingKeys.end(), std::greater_equal<>())
            != f.issuingKeys.end()
        || std::any_of(f.issuingKeys.begin(), f.issuingKeys.end(),
            [](const QByteArray& k) { return static_cast<std::size_t>(k.size()) != kPublicKeyBytes; })) {
        return QStringLiteral("the issuing keys are not ascending, repeat or are not 32 bytes");
    }
    return {};
}

void readFields(CanonicalCborReader& r, RevocationFields& f)
{
    r.key("org");
    f.organisationKey = r.bytes(kPublicKeyBytes, kPublicKeyBytes);
    r.key("issued");
    f.issuedAt = static_cast<std::int64_t>(r.unsignedInt(0, kMaxTimeSeconds));
    r.key("issuers");
    const std::size_t issuers = r.beginArray(kMaxRevokedIssuers);
    for (std::size_t i = 0; i < issuers && !r.failed(); ++i) {
        f.issuingKeys.push_back(r.bytes(kPublicKeyBytes, kPublicKeyBytes));
    }
    r.endArray();
    r.key("serials");
    const std::size_t serials = r.beginArray(kMaxRevokedSerials);
    for (std::size_t i = 0; i < serials && !r.failed(); ++i) {
        f.serials.push_back(r.unsignedInt(1, kMaxSerial));
    }
    r.endArray();
    r.key("version");
    f.version = r.unsignedInt(1, kMaxRevocationVersion);
}

} // namespace

QByteArray RevocationList::encodeBody(const RevocationFields& fields)
{
    CanonicalCborWriter w;
    w.beginMap(kBodyKeys);
    w.key("v");
    w.unsignedInt(kCredentialFormatVersion);
    w.key("org");
    w.bytes(fields.organisationKey);
    w.key("issued");
    w.unsignedInt(static_cast<std::uint64_t>(fields.issuedAt));
    w.key("issuers");
    w.beginArray(fields.issuingKeys.size());
    for (const QByteArray& key : fields.issuingKeys) {
        w.bytes(key);
    }
    w.endArray();
    w.key("serials");
    w.beginArray(fields.serials.size());
    for (const std::uint64_t serial : fields.serials) {
        w.unsignedInt(serial);
    }
    w.endArray();
    w.key("version");
    w.unsignedInt(fields.version);
    w.endMap();
    return w.data();
}

Result<RevocationList> RevocationList::issue(RevocationFields fields, const SigningKey& root)
{
    std::sort(fields.serials.begin(), fields.serials.end());
    fields.serials.erase(std::unique(fields.serials.begin(), fields.serials.end()), fields.serials.end());
    std::sort(fields.issuingKeys.begin(), fields.issuingKeys.end());
    fields.issuingKeys.erase(
        std::unique(fields.issuingKeys.begin(), fields.issuingKeys.end()), fields.issuingKeys.end());
    if (const QString problem = fieldProblem(fields); !problem.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The revocation list cannot be made: %1.").arg(problem));
    }
    if (root.publicKey() != fields.organisationKey) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The revocation list must be signed by the organisation key it names."));
    }
    RevocationList list;
    list.m_fields = std::move(fields);
    list.m_body = encodeBody(list.m_fields);
    list.m_signature = root.sign(SignedKind::RevocationList, list.m_body);
    return list;
}

CredentialResult<RevocationList> RevocationList::parse(const QByteArray& bytes)
{
    auto envelope = SignedEnvelope::parse(bytes, kMaxRevocationListBytes, EnvelopeShape::Plain, kWhat);
    if (!envelope) {
        return envelope.error();
    }
    CanonicalCborReader r(envelope->body);
    RevocationFields f;
    r.beginMap(kBodyKeys);
    r.key("v");
    const std::uint64_t version = r.unsignedInt(1, std::numeric_limits<std::uint64_t>::max());
    if (!r.failed() && version != kCredentialFormatVersion) {
        return unsupportedVersion(kWhat, version);
    }
    readFields(r, f);
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
    RevocationList list;
    list.m_fields = std::move(f);
    list.m_body = std::move(envelope->body);
    list.m_signature = std::move(envelope->signature);
    return list;
}

QByteArray RevocationList::encode() const
{
    return SignedEnvelope { encodeBody(m_fields), m_signature, {} }.encode(EnvelopeShape::Plain);
}

bool RevocationList::signedBy(const QByteArray& organisationKey) const
{
    return verifySignature(SignedKind::RevocationList, organisationKey, m_body, m_signature);
}

bool RevocationList::revokesSerial(std::uint64_t serial) const
{
    return std::binary_search(m_fields.serials.begin(), m_fields.serials.end(), serial);
}

bool RevocationList::revokesIssuer(const QByteArray& issuingKey) const
{
    return std::binary_search(m_fields.issuingKeys.begin(), m_fields.issuingKeys.end(), issuingKey);
}

} // namespace ward::crypto::credential
