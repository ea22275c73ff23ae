// The outer form of every signed object: a CBOR map {"v": 1, "sig": 64 bytes, "body": bytes} whose body is
// the canonical CBOR that was signed (prefixed by its SignatureDomain). A credential's envelope also
// carries "issuer": the complete bytes of the issuer certificate that vouches for the issuing key, so one
// file is the whole chain below the organisation key. The envelope is not signed itself; every field of it
// is either the signature, signed, or verified on its own.
#pragma once

#include "crypto/credential/CredentialResult.h"

#include <QByteArray>
#include <QString>

namespace ward::crypto::credential {

inline constexpr std::uint64_t kCredentialFormatVersion = 1;

enum class EnvelopeShape { Plain, WithIssuerCertificate };

struct SignedEnvelope {
    QByteArray body;
    QByteArray signature;
    QByteArray issuerCertificate; // WithIssuerCertificate only

    QByteArray encode(EnvelopeShape shape) const;

    // `what` names the object in messages ("credential"). Refuses more than `maxBytes`, any deviation
    // from the canonical encoding, and a body or issuer certificate larger than the whole may be.
    static CredentialResult<SignedEnvelope> parse(
        const QByteArray& bytes, qsizetype maxBytes, EnvelopeShape shape, const QString& what);
};

// The refusals every parser shares.
CredentialError malformed(const QString& what, const QString& detail);
CredentialError unsupportedVersion(const QString& what, std::uint64_t version);

} // namespace ward::crypto::credential
