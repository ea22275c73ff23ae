// The organisation's revocation list: revoked credential serials and revoked issuing keys, with a version
// that only grows. Body (CBOR, canonical): {"v": 1, "org": organisation public key, "issued": UTC seconds,
// "issuers": [issuing public keys, ascending], "serials": [serials, ascending], "version": 1, 2, ...},
// signed by the organisation ROOT key under SignedKind::RevocationList. The root signs it, not an issuing
// key, because the list can retire an issuing key: a stolen issuing key must not be able to publish a list
// that un-revokes itself or the credentials it made.
#pragma once

#include "common/Result.h"
#include "crypto/credential/CredentialResult.h"
#include "crypto/credential/SigningKey.h"

#include <QByteArray>

#include <cstdint>
#include <vector>

namespace ward::crypto::credential {

// The documented bound: 100 000 serials (at most 9 bytes each) and 1 000 issuing keys (33 bytes each) fit
// in 1 MiB with room for the envelope.
inline constexpr qsizetype kMaxRevocationListBytes = qsizetype { 1024 } * 1024;
inline constexpr std::size_t kMaxRevokedSerials = 100'000;
inline constexpr std::size_t kMaxRevokedIssuers = 1'000;
inline constexpr std::uint64_t kMaxRevocationVersion = 0x7fff'ffff'ffff'ffffULL;

struct RevocationFields {
    QByteArray organisationKey;
    std::uint64_t version = 1;
    std::int64_t issuedAt = 0; // UTC seconds; informational
    std::vector<std::uint64_t> serials; // ascending, no repeats
    std::vector<QByteArray> issuingKeys; // ascending bytewise, no repeats

    bool operator==(const RevocationFields&) const = default;
};

class RevocationList {
public:
    // Sorts and de-duplicates the serials and keys, then signs with `root` (whose public key must be
    // fields.organisationKey). InvalidArgument when a field breaks the format's rules or a bound.
    static Result<RevocationList> issue(RevocationFields fields, const SigningKey& root);
    // Structure only; CredentialVerifier::acceptRevocations checks the signature and the version.
    static CredentialResult<RevocationList> parse(const QByteArray& bytes);

    static QByteArray encodeBody(const RevocationFields& fields);

    const RevocationFields& fields() const { return m_fields; }
    std::uint64_t version() const { return m_fields.version; }
    const QByteArray& body() const { return m_body; }
    const QByteArray& signature() const { return m_signature; }
    QByteArray encode() const;

    bool signedBy(const QByteArray& organisationKey) const;
    bool revokesSerial(std::uint64_t serial) const;
    bool revokesIssuer(const QByteArray& issuingKey) const;

private:
    RevocationFields m_fields;
    QByteArray m_body;
    QByteArray m_signature;
};

} // namespace ward::crypto::credential
