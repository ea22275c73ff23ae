// Noise's SymmetricState (specification rev. 34, section 5.2): the chaining key ck, the handshake hash h and
// a CipherState. ck and the cipher key are secret; h hashes only what was on the wire and the prologue.
// HKDF(ck, ikm, n) is RFC 5869 with salt = ck and empty info, read as n pieces of HASHLEN bytes.
#pragma once

#include "common/Result.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"
#include "crypto/noise/NoiseCipherState.h"

#include <QByteArray>

#include <utility>

namespace ward::crypto::noise {

// What Split() returns: c1 protects initiator -> responder, c2 responder -> initiator. The raw keys are
// there for callers that derive their own per-direction keys from them.
struct NoiseSplitKeys {
    NoiseCipherState initiatorToResponder;
    NoiseCipherState responderToInitiator;
    SecretBytes initiatorToResponderKey;
    SecretBytes responderToInitiatorKey;
};

class NoiseSymmetricState {
public:
    // InitializeSymmetric(protocolName).
    NoiseSymmetricState(HashAlgorithm hash, const QByteArray& protocolName);

    HashAlgorithm hashAlgorithm() const { return m_hash; }
    std::size_t hashLength() const;
    bool hasKey() const { return m_cipher.hasKey(); }
    const QByteArray& handshakeHash() const { return m_h; }

    [[nodiscard]] Status mixKey(const SecretBytes& inputKeyMaterial);
    void mixHash(const QByteArray& data);
    [[nodiscard]] Result<QByteArray> encryptAndHash(const std::uint8_t* plaintext, std::size_t size);
    [[nodiscard]] Result<SecretBytes> decryptAndHash(const QByteArray& ciphertext);
    [[nodiscard]] Result<NoiseSplitKeys> split() const;

private:
    // HKDF(ck, ikm, 2): the first output cut to `firstLength`, the second to a cipher key's 32 bytes.
    [[nodiscard]] Result<std::pair<SecretBytes, SecretBytes>> hkdf2(
        const SecretBytes& inputKeyMaterial, std::size_t firstLength) const;

    HashAlgorithm m_hash;
    SecretBytes m_ck;
    QByteArray m_h;
    NoiseCipherState m_cipher;
};

} // namespace ward::crypto::noise
