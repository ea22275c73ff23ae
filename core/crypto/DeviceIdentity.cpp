#include "crypto/DeviceIdentity.h"

#include "crypto/Sodium.h"

#include <QStringList>

#include <sodium.h>

namespace ward::crypto {

static_assert(kPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kPublicKeyBytes == crypto_scalarmult_BYTES);
static_assert(kIdentitySeedBytes == crypto_sign_SEEDBYTES);
static_assert(kIdentitySeedBytes == crypto_scalarmult_SCALARBYTES);
static_assert(kSignatureBytes == crypto_sign_BYTES);

namespace {

constexpr char kStaticKeyContext[] = "ward/v1/device-static-key";
constexpr char kFingerprintContext[] = "ward/v1/device-fingerprint";
constexpr std::size_t kFingerprintBytes = 32;

const unsigned char* bytes(const QByteArray& a)
{
    return reinterpret_cast<const unsigned char*>(a.constData());
}

QByteArray signWith(const SecretBytes& secretKey, const QByteArray& message)
{
    QByteArray signature(static_cast<qsizetype>(kSignatureBytes), Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, bytes(message),
        static_cast<unsigned long long>(message.size()), secretKey.data());
    return signature;
}

} // namespace

QByteArray DeviceIdentityPublic::staticKeyStatement(const QByteArray& staticKey)
{
    // The context's terminating zero is part of the statement, so no context is a prefix of another.
    return QByteArray(kStaticKeyContext, sizeof kStaticKeyContext) + staticKey;
}

Status DeviceIdentityPublic::verify() const
{
    if (signingKey.size() != static_cast<qsizetype>(kPublicKeyBytes)
        || staticKey.size() != static_cast<qsizetype>(kPublicKeyBytes)) {
        return makeError(ErrorCode::Crypto, QStringLiteral("A device identity key has the wrong size."));
    }
    if (!verifySignature(signingKey, staticKeyStatement(staticKey), staticKeySignature)) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("The device's key-exchange key is not signed by its identity key."));
    }
    return {};
}

QString DeviceIdentityPublic::fingerprint() const
{
    ensureSodium();
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, kFingerprintBytes);
    crypto_generichash_update(
        &state, reinterpret_cast<const unsigned char*>(kFingerprintContext), sizeof kFingerprintContext);
    crypto_generichash_update(&state, bytes(signingKey), static_cast<unsigned long long>(signingKey.size()));
    QByteArray digest(static_cast<qsizetype>(kFingerprintBytes), Qt::Uninitialized);
    crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(digest.data()), kFingerprintBytes);
    const QByteArray hex = digest.toHex();
    QStringList groups;
    for (qsizetype at = 0; at < hex.size(); at += 4) {
        groups.append(QString::fromLatin1(hex.mid(at, 4)));
    }
    return groups.join(QLatin1Char(' '));
}

DeviceIdentity::DeviceIdentity(SecretBytes signingSeed, SecretBytes signingSecretKey,
    SecretBytes staticSecret, DeviceIdentityPublic publicIdentity)
    : m_signingSeed(std::move(signingSeed))
    , m_signingSecretKey(std::move(signingSecretKey))
    , m_staticSecret(std::move(staticSecret))
    , m_public(std::move(publicIdentity))
{ }

DeviceIdentity DeviceIdentity::generate()
{
    auto identity
        = fromSeeds(SecretBytes::random(kIdentitySeedBytes), SecretBytes::random(kIdentitySeedBytes));
    return std::move(identity).value(); // seeds of the right size cannot fail
}

Result<DeviceIdentity> DeviceIdentity::fromSeeds(SecretBytes signingSeed, SecretBytes staticSecret)
{
    ensureSodium();
    if (signingSeed.size() != kIdentitySeedBytes || staticSecret.size() != kIdentitySeedBytes) {
        return makeError(
            ErrorCode::Corrupt, QStringLiteral("A device identity key in the vault has the wrong size."));
    }
    DeviceIdentityPublic pub;
    pub.signingKey.resize(static_cast<qsizetype>(kPublicKeyBytes));
    SecretBytes signingSecretKey(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(
        reinterpret_cast<unsigned char*>(pub.signingKey.data()), signingSecretKey.data(), signingSeed.data());
    pub.staticKey.resize(static_cast<qsizetype>(kPublicKeyBytes));
    crypto_scalarmult_base(reinterpret_cast<unsigned char*>(pub.staticKey.data()), staticSecret.data());
    pub.staticKeySignature
        = signWith(signingSecretKey, DeviceIdentityPublic::staticKeyStatement(pub.staticKey));
    return DeviceIdentity(
        std::move(signingSeed), std::move(signingSecretKey), std::move(staticSecret), std::move(pub));
}

QByteArray DeviceIdentity::sign(const QByteArray& message) const
{
    return signWith(m_signingSecretKey, message);
}

bool verifySignature(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature)
{
    ensureSodium();
    if (publicKey.size() != static_cast<qsizetype>(kPublicKeyBytes)
        || signature.size() != static_cast<qsizetype>(kSignatureBytes)) {
        return false;
    }
    return crypto_sign_verify_detached(bytes(signature), bytes(message),
               static_cast<unsigned long long>(message.size()), bytes(publicKey))
        == 0;
}

} // namespace ward::crypto
