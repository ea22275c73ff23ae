#include "crypto/Hmac.h"

#include <sodium.h>

#include <cstring>

namespace ward::crypto {

namespace {
constexpr std::uint8_t kInnerPad = 0x36;
constexpr std::uint8_t kOuterPad = 0x5c;
} // namespace

Hmac::Hmac(HashAlgorithm algorithm, const std::uint8_t* key, std::size_t keySize)
    : m_inner(algorithm)
{
    const std::size_t block = hashBlockLength(algorithm);
    std::array<std::uint8_t, kMaxHashBlockBytes> paddedKey {}; // zero-filled
    if (keySize > block) {
        Hasher keyHash(algorithm);
        keyHash.update(key, keySize);
        keyHash.finishInto(paddedKey.data());
    } else if (keySize != 0) {
        std::memcpy(paddedKey.data(), key, keySize);
    }
    std::array<std::uint8_t, kMaxHashBlockBytes> innerPad {};
    for (std::size_t i = 0; i < block; ++i) {
        innerPad[i] = paddedKey[i] ^ kInnerPad;
        m_outerPad[i] = paddedKey[i] ^ kOuterPad;
    }
    m_inner.update(innerPad.data(), block);
    sodium_memzero(paddedKey.data(), paddedKey.size());
    sodium_memzero(innerPad.data(), innerPad.size());
}

Hmac::Hmac(HashAlgorithm algorithm, const SecretBytes& key)
    : Hmac(algorithm, key.data(), key.size())
{ }

Hmac::~Hmac()
{
    sodium_memzero(m_outerPad.data(), m_outerPad.size());
}

void Hmac::finishInto(std::uint8_t* out)
{
    const HashAlgorithm algorithm = m_inner.algorithm();
    std::array<std::uint8_t, kMaxHashBytes> innerDigest {};
    m_inner.finishInto(innerDigest.data());
    Hasher outer(algorithm);
    outer.update(m_outerPad.data(), hashBlockLength(algorithm));
    outer.update(innerDigest.data(), hashLength(algorithm));
    outer.finishInto(out);
    sodium_memzero(innerDigest.data(), innerDigest.size());
    sodium_memzero(m_outerPad.data(), m_outerPad.size());
}

SecretBytes Hmac::finish()
{
    SecretBytes mac(hashLength(m_inner.algorithm()));
    finishInto(mac.data());
    return mac;
}

SecretBytes hmac(HashAlgorithm algorithm, const SecretBytes& key, const std::uint8_t* data, std::size_t size)
{
    Hmac mac(algorithm, key);
    mac.update(data, size);
    return mac.finish();
}

} // namespace ward::crypto
