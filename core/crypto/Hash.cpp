#include "crypto/Hash.h"

#include "crypto/Sha1.h"
#include "crypto/Sodium.h"

#include <sodium.h>

#include <cassert>

namespace ward::crypto {

std::size_t hashLength(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Sha1:
        return detail::kSha1DigestBytes;
    case HashAlgorithm::Sha256:
        return crypto_hash_sha256_BYTES;
    case HashAlgorithm::Sha512:
        return crypto_hash_sha512_BYTES;
    case HashAlgorithm::Blake2b:
        return crypto_generichash_BYTES_MAX;
    }
    return 0;
}

std::size_t hashBlockLength(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Sha1:
    case HashAlgorithm::Sha256:
        return 64;
    case HashAlgorithm::Sha512:
    case HashAlgorithm::Blake2b:
        return 128;
    }
    return 0;
}

// One of the four states, chosen by the algorithm; wiped in the destructor because HMAC keys pass through.
struct Hasher::State {
    union {
        detail::Sha1State sha1;
        crypto_hash_sha256_state sha256;
        crypto_hash_sha512_state sha512;
        crypto_generichash_state blake2b;
    };
    State() { }
    ~State() { sodium_memzero(this, sizeof(*this)); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;
};

Hasher::Hasher(HashAlgorithm algorithm)
    : m_algorithm(algorithm)
    , m_state(std::make_unique<State>())
{
    ensureSodium();
    switch (algorithm) {
    case HashAlgorithm::Sha1:
        detail::sha1Init(m_state->sha1);
        break;
    case HashAlgorithm::Sha256:
        crypto_hash_sha256_init(&m_state->sha256);
        break;
    case HashAlgorithm::Sha512:
        crypto_hash_sha512_init(&m_state->sha512);
        break;
    case HashAlgorithm::Blake2b:
        crypto_generichash_init(&m_state->blake2b, nullptr, 0, crypto_generichash_BYTES_MAX);
        break;
    }
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&& other) noexcept = default;
Hasher& Hasher::operator=(Hasher&& other) noexcept = default;

void Hasher::update(const std::uint8_t* data, std::size_t size)
{
    assert(m_state && "Hasher used after finish()");
    switch (m_algorithm) {
    case HashAlgorithm::Sha1:
        detail::sha1Update(m_state->sha1, data, size);
        break;
    case HashAlgorithm::Sha256:
        crypto_hash_sha256_update(&m_state->sha256, data, size);
        break;
    case HashAlgorithm::Sha512:
        crypto_hash_sha512_update(&m_state->sha512, data, size);
        break;
    case HashAlgorithm::Blake2b:
        crypto_generichash_update(&m_state->blake2b, data, size);
        break;
    }
}

void Hasher::update(const QByteArray& data)
{
    update(reinterpret_cast<const std::uint8_t*>(data.constData()), static_cast<std::size_t>(data.size()));
}

void Hasher::update(const SecretBytes& data)
{
    update(data.data(), data.size());
}

SecretBytes Hasher::finish()
{
    SecretBytes digest(hashLength(m_algorithm));
    finishInto(digest.data());
    return digest;
}

void Hasher::finishInto(std::uint8_t* out)
{
    assert(m_state && "Hasher finished twice");
    switch (m_algorithm) {
    case HashAlgorithm::Sha1:
        detail::sha1Final(m_state->sha1, out);
        break;
    case HashAlgorithm::Sha256:
        crypto_hash_sha256_final(&m_state->sha256, out);
        break;
    case HashAlgorithm::Sha512:
        crypto_hash_sha512_final(&m_state->sha512, out);
        break;
    case HashAlgorithm::Blake2b:
        crypto_generichash_final(&m_state->blake2b, out, hashLength(m_algorithm));
        break;
    }
    m_state.reset();
}

SecretBytes hash(HashAlgorithm algorithm, const std::uint8_t* data, std::size_t size)
{
    Hasher hasher(algorithm);
    hasher.update(data, size);
    return hasher.finish();
}

QByteArray publicHash(HashAlgorithm algorithm, const QByteArray& data)
{
    Hasher hasher(algorithm);
    hasher.update(data);
    const SecretBytes digest = hasher.finish();
    return QByteArray(digest.chars(), static_cast<qsizetype>(digest.size()));
}

} // namespace ward::crypto
