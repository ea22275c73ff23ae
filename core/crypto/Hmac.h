// HMAC (RFC 2104) over any of Ward's hash functions. Noise needs HMAC-BLAKE2b and HMAC-SHA256, HOTP/TOTP
// HMAC-SHA1/256/512, HKDF HMAC-SHA256. Keys longer than the hash's block are hashed first, as the RFC says.
#pragma once

#include "crypto/Hash.h"

namespace ward::crypto {

// Incremental HMAC; the padded outer key lives in wiped memory. Spent after finish(); move-only.
class Hmac {
public:
    Hmac(HashAlgorithm algorithm, const SecretBytes& key);

    void update(const std::uint8_t* data, std::size_t size) { m_inner.update(data, size); }
    void update(const QByteArray& data) { m_inner.update(data); }
    void update(const SecretBytes& data) { m_inner.update(data); }
    SecretBytes finish();

private:
    Hasher m_inner;
    SecretBytes m_outerPad;
};

SecretBytes hmac(HashAlgorithm algorithm, const SecretBytes& key, const std::uint8_t* data, std::size_t size);

} // namespace ward::crypto
