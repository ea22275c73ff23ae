// HMAC (RFC 2104) over any of Ward's hash functions. Noise needs HMAC-BLAKE2b and HMAC-SHA256, HOTP/TOTP
// HMAC-SHA1/256/512, HKDF HMAC-SHA256. Keys longer than the hash's block are hashed first, as the RFC says.
// Pads and intermediate digests live in the object and on the stack and are wiped, not in SecretBytes:
// a handshake runs dozens of HMACs, and each guarded allocation costs several system calls.
#pragma once

#include "crypto/Hash.h"

#include <array>

namespace ward::crypto {

// Incremental HMAC. Spent after finish(); not copyable or movable (it holds the padded key inline).
class Hmac {
public:
    Hmac(HashAlgorithm algorithm, const std::uint8_t* key, std::size_t keySize);
    Hmac(HashAlgorithm algorithm, const SecretBytes& key);
    ~Hmac();
    Hmac(const Hmac&) = delete;
    Hmac& operator=(const Hmac&) = delete;

    void update(const std::uint8_t* data, std::size_t size) { m_inner.update(data, size); }
    void update(const QByteArray& data) { m_inner.update(data); }
    void update(const SecretBytes& data) { m_inner.update(data); }
    SecretBytes finish();
    // The MAC into `out`, which has room for hashLength() bytes.
    void finishInto(std::uint8_t* out);

private:
    Hasher m_inner;
    std::array<std::uint8_t, kMaxHashBlockBytes> m_outerPad {};
};

SecretBytes hmac(HashAlgorithm algorithm, const SecretBytes& key, const std::uint8_t* data, std::size_t size);

} // namespace ward::crypto
