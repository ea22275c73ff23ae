#include "crypto/noise/NoiseCipherState.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <array>
#include <utility>

namespace ward::crypto::noise {

static_assert(kNoiseKeyLength == crypto_aead_chacha20poly1305_ietf_KEYBYTES);
static_assert(kNoiseTagLength == crypto_aead_chacha20poly1305_ietf_ABYTES);

namespace {

using Nonce = std::array<unsigned char, crypto_aead_chacha20poly1305_ietf_NPUBBYTES>;

Nonce encodeNonce(std::uint64_t n)
{
    Nonce out {}; // the first four bytes stay zero
    for (std::size_t i = 0; i < 8; ++i) {
        out[4 + i] = static_cast<unsigned char>(n >> (8 * i));
    }
    return out;
}

const unsigned char* bytes(const QByteArray& a)
{
    return reinterpret_cast<const unsigned char*>(a.constData());
}

Error nonceExhausted()
{
    return makeError(ErrorCode::Crypto,
        QStringLiteral("This session has sent or received as many messages as it safely can; start a new "
                       "session."));
}

Error movedFrom()
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("This Noise cipher state was handed over to another object; use that one."));
}

Error tooLong()
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("A Noise message cannot be longer than 65535 bytes; send the data in smaller parts."));
}

} // namespace

Result<NoiseCipherState> NoiseCipherState::fromKey(SecretBytes key)
{
    if (key.size() != kNoiseKeyLength) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A ChaChaPoly key must be 32 bytes; this one is %1.").arg(key.size()));
    }
    NoiseCipherState state;
    state.m_key = std::move(key);
    return state;
}

NoiseCipherState::NoiseCipherState(NoiseCipherState&& other) noexcept
    : m_key(std::move(other.m_key))
    , m_nonce(other.m_nonce)
    , m_movedFrom(other.m_movedFrom)
{
    other.m_movedFrom = true;
}

NoiseCipherState& NoiseCipherState::operator=(NoiseCipherState&& other) noexcept
{
    if (this != &other) {
        m_key = std::move(other.m_key);
        m_nonce = other.m_nonce;
        m_movedFrom = other.m_movedFrom;
        other.m_movedFrom = true;
    }
    return *this;
}

Result<QByteArray> NoiseCipherState::encryptWithAd(
    const QByteArray& associatedData, const std::uint8_t* plaintext, std::size_t size)
{
    if (m_movedFrom) {
        return movedFrom();
    }
    if (!hasKey()) {
        if (size > kNoiseMaxMessageLength) {
            return tooLong();
        }
        return QByteArray(reinterpret_cast<const char*>(plaintext), static_cast<qsizetype>(size));
    }
    if (size > kNoiseMaxMessageLength - kNoiseTagLength) {
        return tooLong();
    }
    if (m_nonce == kNoiseMaxNonce) {
        return nonceExhausted();
    }
    ensureSodium();
    const Nonce nonce = encodeNonce(m_nonce);
    QByteArray out(static_cast<qsizetype>(size + kNoiseTagLength), Qt::Uninitialized);
    unsigned long long written = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(out.data()), &written,
        plaintext, size, bytes(associatedData), static_cast<unsigned long long>(associatedData.size()),
        nullptr, nonce.data(), m_key.data());
    ++m_nonce;
    return out;
}

Result<QByteArray> NoiseCipherState::encryptWithAd(
    const QByteArray& associatedData, const SecretBytes& plaintext)
{
    return encryptWithAd(associatedData, plaintext.data(), plaintext.size());
}

Result<QByteArray> NoiseCipherState::encryptWithAd(
    const QByteArray& associatedData, const QByteArray& plaintext)
{
    return encryptWithAd(associatedData, reinterpret_cast<const std::uint8_t*>(plaintext.constData()),
        static_cast<std::size_t>(plaintext.size()));
}

Result<SecretBytes> NoiseCipherState::decryptWithAd(
    const QByteArray& associatedData, const std::uint8_t* ciphertext, std::size_t size)
{
    if (m_movedFrom) {
        return movedFrom();
    }
    if (size > kNoiseMaxMessageLength) {
        return tooLong();
    }
    if (!hasKey()) {
        return SecretBytes(ciphertext, size);
    }
    if (size < kNoiseTagLength) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("A Noise message is too short to be genuine; it was damaged or forged."));
    }
    if (m_nonce == kNoiseMaxNonce) {
        return nonceExhausted();
    }
    ensureSodium();
    const Nonce nonce = encodeNonce(m_nonce);
    SecretBytes plain(size - kNoiseTagLength);
    unsigned long long written = 0;
    const int rc = crypto_aead_chacha20poly1305_ietf_decrypt(plain.data(), &written, nullptr, ciphertext,
        size, bytes(associatedData), static_cast<unsigned long long>(associatedData.size()), nonce.data(),
        m_key.data());
    if (rc != 0) {
        return makeError(ErrorCode::Crypto,
            QStringLiteral("A Noise message failed its integrity check; it was damaged or forged, or the two "
                           "sides do not share the same keys."));
    }
    ++m_nonce;
    return plain;
}

Result<SecretBytes> NoiseCipherState::decryptWithAd(
    const QByteArray& associatedData, const QByteArray& ciphertext)
{
    return decryptWithAd(associatedData, reinterpret_cast<const std::uint8_t*>(ciphertext.constData()),
        static_cast<std::size_t>(ciphertext.size()));
}

Status NoiseCipherState::rekey()
{
    if (m_movedFrom) {
        return movedFrom();
    }
    if (!hasKey()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("There is no Noise key to replace yet."));
    }
    ensureSodium();
    const Nonce nonce = encodeNonce(kNoiseMaxNonce);
    const std::array<unsigned char, kNoiseKeyLength> zeros {};
    SecretBytes out(kNoiseKeyLength + kNoiseTagLength);
    unsigned long long written = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(
        out.data(), &written, zeros.data(), zeros.size(), nullptr, 0, nullptr, nonce.data(), m_key.data());
    out.resize(kNoiseKeyLength);
    m_key = std::move(out);
    return {};
}

} // namespace ward::crypto::noise
