#include "crypto/Hmac.h"

#include <cstring>

namespace ward::crypto {

namespace {
constexpr std::uint8_t kInnerPad = 0x36;
constexpr std::uint8_t kOuterPad = 0x5c;
} // namespace

Hmac::Hmac(HashAlgorithm algorithm, const SecretBytes& key)
    : m_inner(algorithm)
    , m_outerPad(hashBlockLength(algorithm))
{
    const std::size_t block = hashBlockLength(algorithm);
    SecretBytes paddedKey(block); // zero-filled
    if (key.size() > block) {
        const SecretBytes digest = hash(algorithm, key.data(), key.size());
        std::memcpy(paddedKey.data(), digest.data(), digest.size());
    } else if (!key.empty()) {
        std::memcpy(paddedKey.data(), key.data(), key.size());
    }
    SecretBytes innerPad(block);
    for (std::size_t i = 0; i < block; ++i) {
        innerPad.data()[i] = paddedKey.data()[i] ^ kInnerPad;
        m_outerPad.data()[i] = paddedKey.data()[i] ^ kOuterPad;
    }
    m_inner.update(innerPad);
}

SecretBytes Hmac::finish()
{
    const SecretBytes innerDigest = m_inner.finish();
    Hasher outer(m_inner.algorithm());
    outer.update(m_outerPad);
    outer.update(innerDigest);
    m_outerPad.clear();
    return outer.finish();
}

SecretBytes hmac(HashAlgorithm algorithm, const SecretBytes& key, const std::uint8_t* data, std::size_t size)
{
    Hmac mac(algorithm, key);
    mac.update(data, size);
    return mac.finish();
}

} // namespace ward::crypto
