#include "crypto/credential/SignatureDomain.h"

#include "crypto/Sodium.h"

#include <sodium.h>

namespace ward::crypto::credential {

static_assert(kPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kSignatureBytes == crypto_sign_BYTES);

QByteArray signaturePrefix(SignedKind kind)
{
    // The terminating zero is part of the prefix: no prefix is then a prefix of another.
    switch (kind) {
    case SignedKind::IssuerCertificate:
        return QByteArray("ward/v1/issuer", 15);
    case SignedKind::Credential:
        return QByteArray("ward/v1/credential", 19);
    case SignedKind::RevocationList:
        return QByteArray("ward/v1/revocations", 20);
    }
    return {};
}

QByteArray signedMessage(SignedKind kind, const QByteArray& body)
{
    return signaturePrefix(kind) + body;
}

bool verifySignature(
    SignedKind kind, const QByteArray& publicKey, const QByteArray& body, const QByteArray& signature)
{
    ensureSodium();
    if (static_cast<std::size_t>(publicKey.size()) != kPublicKeyBytes
        || static_cast<std::size_t>(signature.size()) != kSignatureBytes) {
        return false;
    }
    const QByteArray message = signedMessage(kind, body);
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.constData()),
               reinterpret_cast<const unsigned char*>(message.constData()),
               static_cast<unsigned long long>(message.size()),
               reinterpret_cast<const unsigned char*>(publicKey.constData()))
        == 0;
}

} // namespace ward::crypto::credential
