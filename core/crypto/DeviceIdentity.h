// A device's long-term identity: an Ed25519 signing key, and an X25519 static key for Noise whose public half
// the signing key signs, so one 32-byte signing key names the device everywhere (credentials, sign-in,
// safety numbers). Both secrets are 32-byte seeds kept in SecretBytes and sealed in the profile vault; the
// public halves and the signature are derived from them, so nothing else needs storing.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QString>

namespace ward::crypto {

inline constexpr std::size_t kIdentitySeedBytes = 32;
inline constexpr std::size_t kPublicKeyBytes = 32;
inline constexpr std::size_t kSignatureBytes = 64;

// What a device shows the world. Checking it means checking that the signing key signed the static key.
struct DeviceIdentityPublic {
    QByteArray signingKey; // Ed25519 public key
    QByteArray staticKey; // X25519 public key
    QByteArray staticKeySignature; // Ed25519 over kStaticKeyContext || staticKey

    // The bytes the signing key signs to vouch for a static key.
    static QByteArray staticKeyStatement(const QByteArray& staticKey);
    // Sizes right and the signature holds; Crypto error otherwise.
    Status verify() const;
    // BLAKE2b-256 over "ward/v1/device-fingerprint" and the signing key, as 16 groups of four hex digits.
    QString fingerprint() const;
};

class DeviceIdentity {
public:
    static DeviceIdentity generate();
    // From the two seeds kept in the vault; an error when either has the wrong size.
    static Result<DeviceIdentity> fromSeeds(SecretBytes signingSeed, SecretBytes staticSecret);

    const DeviceIdentityPublic& publicIdentity() const { return m_public; }
    const SecretBytes& signingSeed() const { return m_signingSeed; }
    const SecretBytes& staticSecret() const { return m_staticSecret; }

    // Ed25519 signature (64 bytes) over `message`. Callers put a context string at the start of what they
    // sign, so a signature made for one purpose is never valid for another.
    QByteArray sign(const QByteArray& message) const;

private:
    DeviceIdentity(SecretBytes signingSeed, SecretBytes signingSecretKey, SecretBytes staticSecret,
        DeviceIdentityPublic publicIdentity);

    SecretBytes m_signingSeed;
    SecretBytes m_signingSecretKey; // libsodium's 64-byte form, seed || public key
    SecretBytes m_staticSecret;
    DeviceIdentityPublic m_public;
};

// Ed25519 verification of a detached signature; false for keys or signatures of the wrong size.
bool verifySignature(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature);

} // namespace ward::crypto
