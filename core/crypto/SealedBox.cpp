#include "crypto/SealedBox.h"

#include "crypto/DeviceIdentity.h"
#include "crypto/Sodium.h"

#include <sodium.h>

namespace ward::crypto {

static_assert(kSealedBoxOverheadBytes == crypto_box_SEALBYTES);
static_assert(kPublicKeyBytes == crypto_box_PUBLICKEYBYTES);
static_assert(kIdentitySeedBytes == crypto_box_SECRETKEYBYTES);

namespace {

const unsigned char* bytes(const QByteArray& a)
{
    return reinterpret_cast<const unsigned char*>(a.constData());
}

} // namespace

Result<QByteArray> sealToStaticKey(const QByteArray& recipientStaticKey, const SecretBytes& plaintext)
{
    ensureSodium();
    if (static_cast<std::size_t>(recipientStaticKey.size()) != kPublicKeyBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The recipient's key is not a 32-byte X25519 public key."));
    }
    if (plaintext.empty() || plaintext.size() > kMaxSealedBoxPlaintextBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The text to seal must be 1 to %1 bytes long.").arg(kMaxSealedBoxPlaintextBytes));
    }
    QByteArray sealed(static_cast<qsizetype>(plaintext.size() + kSealedBoxOverheadBytes), Qt::Uninitialized);
    if (crypto_box_seal(reinterpret_cast<unsigned char*>(sealed.data()), plaintext.data(), plaintext.size(),
            bytes(recipientStaticKey))
        != 0) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("The text could not be sealed to that key; the key is not usable."));
    }
    return sealed;
}

Result<SecretBytes> openSealedBox(const SecretBytes& staticSecret, const QByteArray& sealed)
{
    ensureSodium();
    const auto size = static_cast<std::size_t>(sealed.size());
    if (staticSecret.size() != kIdentitySeedBytes) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("The device's static secret has the wrong size."));
    }
    if (size <= kSealedBoxOverheadBytes || size > kMaxSealedBoxBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The sealed text is %1 bytes; a sealed box here is %2 to %3 bytes.")
                .arg(size)
                .arg(kSealedBoxOverheadBytes + 1)
                .arg(kMaxSealedBoxBytes));
    }
    // crypto_box_seal_open wants the recipient's public key too (it is part of the nonce derivation).
    unsigned char publicKey[crypto_box_PUBLICKEYBYTES];
    crypto_scalarmult_base(publicKey, staticSecret.data());
    SecretBytes plain(size - kSealedBoxOverheadBytes);
    const int rc = crypto_box_seal_open(plain.data(), bytes(sealed), size, publicKey, staticSecret.data());
    if (rc != 0) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("The sealed text was not sealed to this device, or it was altered on the way."));
    }
    return plain;
}

} // namespace ward::crypto
