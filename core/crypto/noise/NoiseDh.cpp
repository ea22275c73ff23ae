#include "crypto/noise/NoiseDh.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <utility>

namespace ward::crypto::noise {

static_assert(kNoiseDhLength == crypto_scalarmult_curve25519_BYTES);
static_assert(kNoiseDhLength == crypto_scalarmult_curve25519_SCALARBYTES);

NoiseKeyPair NoiseKeyPair::generate()
{
    // A random scalar always gives a valid public key; X25519 clamps it.
    auto pair = fromPrivateKey(SecretBytes::random(kNoiseDhLength));
    return std::move(pair).value();
}

Result<NoiseKeyPair> NoiseKeyPair::fromPrivateKey(SecretBytes privateKey)
{
    ensureSodium();
    if (privateKey.size() != kNoiseDhLength) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A Curve25519 private key must be 32 bytes; this one is %1.")
                .arg(privateKey.size()));
    }
    NoiseKeyPair pair;
    pair.m_public.resize(static_cast<qsizetype>(kNoiseDhLength));
    if (crypto_scalarmult_curve25519_base(
            reinterpret_cast<unsigned char*>(pair.m_public.data()), privateKey.data())
        != 0) {
        return makeError(
            ErrorCode::Crypto, QStringLiteral("This Curve25519 private key gives no usable public key."));
    }
    pair.m_private = std::move(privateKey);
    return pair;
}

NoiseKeyPair NoiseKeyPair::clone() const
{
    NoiseKeyPair copy;
    copy.m_private = m_private.clone();
    copy.m_public = m_public;
    return copy;
}

Result<SecretBytes> noiseDh(const NoiseKeyPair& local, const QByteArray& remotePublicKey)
{
    ensureSodium();
    if (local.empty() || static_cast<std::size_t>(remotePublicKey.size()) != kNoiseDhLength) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A Curve25519 key exchange needs a private key and a 32-byte public key."));
    }
    SecretBytes shared(kNoiseDhLength);
    const int rc = crypto_scalarmult_curve25519(shared.data(), local.privateKey().data(),
        reinterpret_cast<const unsigned char*>(remotePublicKey.constData()));
    // libsodium already fails on an all-zero result; the explicit check keeps that promise here whatever
    // the library version does.
    if (rc != 0 || sodium_is_zero(shared.data(), shared.size()) != 0) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("The other side's public key is not a valid Curve25519 key; the handshake cannot "
                           "continue."));
    }
    return shared;
}

} // namespace ward::crypto::noise
