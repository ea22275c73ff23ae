// Hash functions for the protocols Ward speaks: SHA-256, SHA-512 and BLAKE2b-512 from libsodium, and SHA-1,
// which libsodium lacks and HOTP/TOTP still need (only ever inside HMAC). Digests come back as SecretBytes
// because they are often keys (HMAC, HKDF, Noise); publicHash is for digests of public data.
#pragma once

#include "crypto/SecretBytes.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace ward::crypto {

enum class HashAlgorithm {
    Sha1,
    Sha256,
    Sha512,
    Blake2b, // BLAKE2b with a 64-byte digest, unkeyed
};

std::size_t hashLength(HashAlgorithm algorithm);
std::size_t hashBlockLength(HashAlgorithm algorithm);
inline constexpr std::size_t kMaxHashBytes = 64;
inline constexpr std::size_t kMaxHashBlockBytes = 128;

// Incremental hashing. The internal state is wiped when the Hasher dies; after finish() it is spent and must
// not be updated again. Not thread-safe; move-only.
class Hasher {
public:
    explicit Hasher(HashAlgorithm algorithm);
    ~Hasher();
    Hasher(Hasher&& other) noexcept;
    Hasher& operator=(Hasher&& other) noexcept;
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    HashAlgorithm algorithm() const { return m_algorithm; }
    void update(const std::uint8_t* data, std::size_t size);
    void update(const QByteArray& data);
    void update(const SecretBytes& data);
    SecretBytes finish();
    // The digest into `out`, which has room for hashLength() bytes; for callers that keep it in wiped
    // memory of their own (HMAC, HKDF), since every SecretBytes costs a guarded allocation.
    void finishInto(std::uint8_t* out);

private:
    struct State;
    HashAlgorithm m_algorithm;
    std::unique_ptr<State> m_state;
};

SecretBytes hash(HashAlgorithm algorithm, const std::uint8_t* data, std::size_t size);
QByteArray publicHash(HashAlgorithm algorithm, const QByteArray& data);

} // namespace ward::crypto
