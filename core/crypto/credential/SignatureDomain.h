// Domain separation for every Ed25519 signature Ward's organisation keys make: what is signed is a fixed
// prefix naming the kind of object ("ward/v1/issuer\0", "ward/v1/credential\0", "ward/v1/revocations\0")
// followed by the exact body bytes. A signature made for one kind therefore never verifies as another, even
// when one key signs several kinds (the organisation root signs issuer certificates and revocation lists).
#pragma once

#include "crypto/DeviceIdentity.h" // kPublicKeyBytes, kSignatureBytes: Ed25519's sizes

#include <QByteArray>

namespace ward::crypto::credential {

enum class SignedKind { IssuerCertificate, Credential, RevocationList };

// The prefix, including its terminating zero byte.
QByteArray signaturePrefix(SignedKind kind);
// prefix || body: the message given to Ed25519.
QByteArray signedMessage(SignedKind kind, const QByteArray& body);

// True only when `signature` (64 bytes) is a valid Ed25519 signature by `publicKey` (32 bytes) over
// signedMessage(kind, body). Wrong sizes are simply false.
bool verifySignature(
    SignedKind kind, const QByteArray& publicKey, const QByteArray& body, const QByteArray& signature);

} // namespace ward::crypto::credential
