#include "crypto/noise/NoiseSymmetricState.h"

#include "crypto/Hkdf.h"

#include <utility>

namespace ward::crypto::noise {

NoiseSymmetricState::NoiseSymmetricState(HashAlgorithm hash, const QByteArray& protocolName)
    : m_hash(hash)
{
    const auto length = static_cast<qsizetype>(crypto::hashLength(hash));
    if (protocolName.size() <= length) {
        m_h = protocolName;
        m_h.append(length - protocolName.size(), '\0');
    } else {
        m_h = publicHash(hash, protocolName);
    }
    m_ck = SecretBytes(
        reinterpret_cast<const std::uint8_t*>(m_h.constData()), static_cast<std::size_t>(length));
}

std::size_t NoiseSymmetricState::hashLength() const
{
    return crypto::hashLength(m_hash);
}

Result<std::pair<SecretBytes, SecretBytes>> NoiseSymmetricState::hkdf2(
    const SecretBytes& inputKeyMaterial, std::size_t firstLength) const
{
    const std::size_t length = hashLength();
    auto okm = hkdf(m_hash, m_ck, inputKeyMaterial, QByteArray(), 2 * length);
    if (!okm) {
        return okm.error();
    }
    // With BLAKE2b (HASHLEN 64) a cipher key is the first 32 bytes of its output, as the spec says.
    return std::pair { SecretBytes(okm->data(), firstLength),
        SecretBytes(okm->data() + length, kNoiseKeyLength) };
}

Status NoiseSymmetricState::mixKey(const SecretBytes& inputKeyMaterial)
{
    auto outputs = hkdf2(inputKeyMaterial, hashLength());
    if (!outputs) {
        return outputs.error();
    }
    auto cipher = NoiseCipherState::fromKey(std::move(outputs->second));
    if (!cipher) {
        return cipher.error();
    }
    m_ck = std::move(outputs->first);
    m_cipher = std::move(cipher).value();
    return {};
}

void NoiseSymmetricState::mixHash(const QByteArray& data)
{
    Hasher hasher(m_hash);
    hasher.update(m_h);
    hasher.update(data);
    const SecretBytes digest = hasher.finish();
    // h covers only public bytes (prologue, public keys, ciphertext), so it may live in a QByteArray.
    m_h = QByteArray(digest.chars(), static_cast<qsizetype>(digest.size()));
}

Result<QByteArray> NoiseSymmetricState::encryptAndHash(const std::uint8_t* plaintext, std::size_t size)
{
    auto ciphertext = m_cipher.encryptWithAd(m_h, plaintext, size);
    if (!ciphertext) {
        return ciphertext.error();
    }
    mixHash(ciphertext.value());
    return std::move(ciphertext).value();
}

Result<SecretBytes> NoiseSymmetricState::decryptAndHash(const QByteArray& ciphertext)
{
    auto plaintext = m_cipher.decryptWithAd(m_h, ciphertext);
    if (!plaintext) {
        return plaintext.error();
    }
    mixHash(ciphertext);
    return std::move(plaintext).value();
}

Result<NoiseSplitKeys> NoiseSymmetricState::split() const
{
    auto outputs = hkdf2(SecretBytes(), kNoiseKeyLength);
    if (!outputs) {
        return outputs.error();
    }
    auto c1 = NoiseCipherState::fromKey(outputs->first.clone());
    auto c2 = NoiseCipherState::fromKey(outputs->second.clone());
    if (!c1 || !c2) {
        return (c1 ? c2.error() : c1.error());
    }
    return NoiseSplitKeys { std::move(c1).value(), std::move(c2).value(), std::move(outputs->first),
        std::move(outputs->second) };
}

} // namespace ward::crypto::noise
