// Anonymous public-key encryption of a short secret (a visit reason) to one device's X25519 static key:
// libsodium's crypto_box_seal (an ephemeral X25519 key, XSalsa20-Poly1305, nonce from BLAKE2b of both
// public keys). Only the holder of the static secret opens it, and the sender stays anonymous to everyone
// including the server that carries it. Plaintext and opened text are SecretBytes; both ends refuse sizes
// over their caps before touching the bytes.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>

namespace ward::crypto {

// What crypto_box_seal adds: the ephemeral public key and the Poly1305 tag.
inline constexpr std::size_t kSealedBoxOverheadBytes = 48;
// The longest plaintext sealed here; with the overhead a sealed box stays within 2048 bytes.
inline constexpr std::size_t kMaxSealedBoxPlaintextBytes = 2000;
inline constexpr std::size_t kMaxSealedBoxBytes = kMaxSealedBoxPlaintextBytes + kSealedBoxOverheadBytes;

// InvalidArgument for a recipient key that is not 32 bytes, an empty plaintext or one over the cap.
Result<QByteArray> sealToStaticKey(const QByteArray& recipientStaticKey, const SecretBytes& plaintext);

// Opens a box sealed to the device whose X25519 static secret is `staticSecret` (DeviceIdentity::
// staticSecret). Crypto when the box was not sealed to this key or was altered; InvalidArgument for sizes
// out of range.
Result<SecretBytes> openSealedBox(const SecretBytes& staticSecret, const QByteArray& sealed);

} // namespace ward::crypto
