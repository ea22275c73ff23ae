// An issuer certificate: the organisation's root key vouches for an issuing key for a period. Body (CBOR,
// canonical): {"v": 1, "key": issuing public key, "naf": not-after, "nbf": not-before, "org": organisation
// public key, "name": organisation name}, signed by the root under SignedKind::IssuerCertificate. The root
// stays offline; the issuing key signs day-to-day credentials and can be retired by a revocation list.
#pragma once

#include "common/Result.h"
#include "crypto/credential/CredentialResult.h"
#include "crypto/credential/SigningKey.h"
#include "crypto/credential/Validity.h"

#include <QByteArray>
#include <QString>

namespace ward::crypto::credential {

inline constexpr qsizetype kMaxIssuerCertificateBytes = 1024;

struct IssuerFields {
    QByteArray organisationKey; // the root's public key
    QByteArray issuingKey; // the certified public key
    QString organisationName;
    Validity validity;

    bool operator==(const IssuerFields&) const = default;
};

class IssuerCertificate {
public:
    // Signs `fields` with `root`, whose public key must be fields.organisationKey. InvalidArgument when a
    // field breaks the format's rules.
    static Result<IssuerCertificate> issue(const IssuerFields& fields, const SigningKey& root);
    // Structure only: the signature is checked by signedBy() (CredentialVerifier does it).
    static CredentialResult<IssuerCertificate> parse(const QByteArray& bytes);

    static QByteArray encodeBody(const IssuerFields& fields);

    const IssuerFields& fields() const { return m_fields; }
    const QByteArray& body() const { return m_body; }
    const QByteArray& signature() const { return m_signature; }
    // The canonical encoding, rebuilt from the fields and signature.
    QByteArray encode() const;

    bool signedBy(const QByteArray& organisationKey) const;

private:
    IssuerFields m_fields;
    QByteArray m_body;
    QByteArray m_signature;
};

} // namespace ward::crypto::credential
