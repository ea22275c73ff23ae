// XChaCha20-Poly1305 (IETF) sealing of secrets under a 256-bit key. Nonces are random 192-bit values,
// safe to draw at random for every seal. Ciphertext is public; plaintext and keys are SecretBytes only.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>

namespace ward::crypto {

inline constexpr std::size_t kAeadKeyBytes = 32;
inline constexpr std::size_t kAeadNonceBytes = 24;
inline constexpr std::size_t kAeadTagBytes = 16;

struct Sealed {
    QByteArray nonce;
    QByteArray ciphertext; // includes the tag
};

// Seals with a fresh random nonce. The key must be kAeadKeyBytes long.
Sealed aeadSeal(const SecretBytes& key, const SecretBytes& plaintext, const QByteArray& associatedData);

// For known-answer tests only: seals under a nonce the caller chooses, so that published vectors can be
// reproduced. A nonce used twice under one key gives away the plaintexts and the key's authenticity;
// everything else must call aeadSeal. Fails with ErrorCode::InvalidArgument on a wrong key or nonce size.
Result<Sealed> aeadSealWithNonce(const SecretBytes& key, const QByteArray& nonce,
    const SecretBytes& plaintext, const QByteArray& associatedData);

// Fails with ErrorCode::Crypto when the key, nonce, ciphertext or associated data do not match.
Result<SecretBytes> aeadOpen(const SecretBytes& key, const Sealed& sealed, const QByteArray& associatedData);

} // namespace ward::crypto
