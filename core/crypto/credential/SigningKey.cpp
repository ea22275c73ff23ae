#include "crypto/credential/SigningKey.h"

#include "crypto/Sodium.h"

#include <sodium.h>

namespace ward::crypto::credential {

static_assert(kSeedBytes == crypto_sign_SEEDBYTES);

SigningKey SigningKey::generate()
{
    return fromSeed(SecretBytes::random(kSeedBytes)).value();
}

Result<SigningKey> SigningKey::fromSeed(const SecretBytes& seed)
{
    ensureSodium();
    if (seed.size() != kSeedBytes) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("A signing key seed must be 32 bytes."));
    }
    SigningKey key;
    key.m_secretKey = SecretBytes(crypto_sign_SECRETKEYBYTES);
    key.m_publicKey = QByteArray(crypto_sign_PUBLICKEYBYTES, Qt::Uninitialized);
    crypto_sign_seed_keypair(
        reinterpret_cast<unsigned char*>(key.m_publicKey.data()), key.m_secretKey.data(), seed.data());
    return key;
}

SecretBytes SigningKey::seed() const
{
    SecretBytes out(kSeedBytes);
    crypto_sign_ed25519_sk_to_seed(out.data(), m_secretKey.data());
    return out;
}

QByteArray SigningKey::sign(SignedKind kind, const QByteArray& body) const
{
    const QByteArray message = signedMessage(kind, body);
    QByteArray signature(crypto_sign_BYTES, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
        reinterpret_cast<const unsigned char*>(message.constData()),
        static_cast<unsigned long long>(message.size()), m_secretKey.data());
    return signature;
}

} // namespace ward::crypto::credential
