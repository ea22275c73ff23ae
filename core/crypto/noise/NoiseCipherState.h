// Noise's CipherState (specification rev. 34, section 5.1) with the ChaChaPoly cipher: a 32-byte key k and a
// 64-bit nonce n. ChaCha20-Poly1305 (RFC 8439) uses the 96-bit nonce 32 zero bits || little-endian n.
// Invariants: n = 2^64-1 is reserved, so encrypting or decrypting there is an error; a failed decryption
// leaves n unchanged; no message is longer than 65535 bytes. Without a key, the "cipher" is the identity.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace ward::crypto::noise {

inline constexpr std::size_t kNoiseKeyLength = 32;
inline constexpr std::size_t kNoiseTagLength = 16;
inline constexpr std::size_t kNoiseMaxMessageLength = 65535;
inline constexpr std::uint64_t kNoiseMaxNonce = UINT64_MAX; // reserved: never used for a message

class NoiseCipherState {
public:
    NoiseCipherState() = default; // no key
    // InitializeKey: n = 0. Errors unless the key is 32 bytes.
    static Result<NoiseCipherState> fromKey(SecretBytes key);

    // A moved-from state refuses every call instead of falling back to "no key", which would pass
    // plaintext through.
    NoiseCipherState(NoiseCipherState&& other) noexcept;
    NoiseCipherState& operator=(NoiseCipherState&& other) noexcept;
    NoiseCipherState(const NoiseCipherState&) = delete;
    NoiseCipherState& operator=(const NoiseCipherState&) = delete;

    bool hasKey() const { return !m_key.empty(); }
    std::uint64_t nonce() const { return m_nonce; }
    // SetNonce from the specification; useful for tests and for out-of-order transport.
    void setNonce(std::uint64_t nonce) { m_nonce = nonce; }

    // EncryptWithAd: ciphertext and 16-byte tag, or the plaintext itself without a key. Errors when the
    // result would exceed 65535 bytes or the nonce is exhausted.
    [[nodiscard]] Result<QByteArray> encryptWithAd(
        const QByteArray& associatedData, const std::uint8_t* plaintext, std::size_t size);
    [[nodiscard]] Result<QByteArray> encryptWithAd(
        const QByteArray& associatedData, const SecretBytes& plaintext);
    [[nodiscard]] Result<QByteArray> encryptWithAd(
        const QByteArray& associatedData, const QByteArray& plaintext);

    // DecryptWithAd: errors (ErrorCode::Crypto) when authentication fails; n then stays where it was.
    [[nodiscard]] Result<SecretBytes> decryptWithAd(
        const QByteArray& associatedData, const std::uint8_t* ciphertext, std::size_t size);
    [[nodiscard]] Result<SecretBytes> decryptWithAd(
        const QByteArray& associatedData, const QByteArray& ciphertext);

    // Rekey: k = the first 32 bytes of ENCRYPT(k, 2^64-1, empty, 32 zero bytes); n is unchanged.
    [[nodiscard]] Status rekey();

private:
    SecretBytes m_key;
    std::uint64_t m_nonce = 0;
    bool m_movedFrom = false;
};

} // namespace ward::crypto::noise
