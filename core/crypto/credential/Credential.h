// A clinic credential: the clinic's issuing key binds a person (user id, display name, role) to one device
// identity key (Ed25519 public key) for a period, under a serial the clinic can revoke. Body (CBOR,
// canonical): {"v": 1, "naf", "nbf", "name", "role", "user", "device", "issuer": issuing public key,
// "serial"}, signed under SignedKind::Credential. The file also carries the issuer certificate, so it holds
// the whole chain up to the organisation key; CredentialVerifier checks it.
#pragma once

#include "common/Result.h"
#include "crypto/credential/CredentialResult.h"
#include "crypto/credential/IssuerCertificate.h"
#include "crypto/credential/Role.h"
#include "crypto/credential/SigningKey.h"
#include "crypto/credential/Validity.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace ward::crypto::credential {

// The whole file, issuer certificate included.
inline constexpr qsizetype kMaxCredentialBytes = 4096;
// Serials are positive and fit a signed 64-bit integer, so every tool and database can hold them.
inline constexpr std::uint64_t kMaxSerial = 0x7fff'ffff'ffff'ffffULL;

struct CredentialFields {
    std::uint64_t serial = 0;
    QString userId;
    QString displayName;
    Role role = Role::Patient;
    QByteArray deviceKey; // the holder's device signing key (DeviceIdentityPublic::signingKey)
    QByteArray issuerKey; // the issuing key that signs this credential
    Validity validity;

    bool operator==(const CredentialFields&) const = default;
};

class Credential {
public:
    // Signs `fields` with `issuingKey`, which must be the key `issuer` certifies (and fields.issuerKey).
    // InvalidArgument when a field breaks the format's rules.
    static Result<Credential> issue(
        const CredentialFields& fields, const SigningKey& issuingKey, const IssuerCertificate& issuer);
    // Structure only; CredentialVerifier checks signatures, times, revocation, role and device.
    static CredentialResult<Credential> parse(const QByteArray& bytes);

    static QByteArray encodeBody(const CredentialFields& fields);
    // A fresh random serial in 1..kMaxSerial: unique without shared state between issuing machines.
    static std::uint64_t randomSerial();

    const CredentialFields& fields() const { return m_fields; }
    const IssuerCertificate& issuer() const { return m_issuer; }
    const QByteArray& body() const { return m_body; }
    const QByteArray& signature() const { return m_signature; }
    // The canonical encoding of the whole file, rebuilt from the fields, signature and certificate.
    QByteArray encode() const;

    bool signedBy(const QByteArray& issuingKey) const;

private:
    CredentialFields m_fields;
    IssuerCertificate m_issuer;
    QByteArray m_body;
    QByteArray m_signature;
};

} // namespace ward::crypto::credential
