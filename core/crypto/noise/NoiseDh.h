// Noise's DH functions for Curve25519 (X25519): key pairs and the DH operation. A private key lives only in
// SecretBytes; a public key is 32 public bytes. DH refuses an all-zero shared secret (the peer sent a
// low-order point), so no caller can mix a predictable value into its keys.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>

#include <cstddef>

namespace ward::crypto::noise {

inline constexpr std::size_t kNoiseDhLength = 32; // DHLEN for 25519

class NoiseKeyPair {
public:
    NoiseKeyPair() = default; // empty: no key

    static NoiseKeyPair generate();
    // The public key is always derived from the private one, so the two cannot disagree.
    static Result<NoiseKeyPair> fromPrivateKey(SecretBytes privateKey);

    bool empty() const { return m_private.empty(); }
    const SecretBytes& privateKey() const { return m_private; }
    const QByteArray& publicKey() const { return m_public; }
    NoiseKeyPair clone() const;

private:
    SecretBytes m_private;
    QByteArray m_public;
};

// X25519(privateKey, publicKey). Fails when the public key is not 32 bytes or the result is all zeros.
Result<SecretBytes> noiseDh(const NoiseKeyPair& local, const QByteArray& remotePublicKey);

} // namespace ward::crypto::noise
