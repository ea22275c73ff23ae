// An Ed25519 signing key of the organisation (the offline root or an issuing key). The secret half lives
// only in SecretBytes; the 32-byte seed is what a key file seals, and the key is rebuilt from it. Signing
// always goes through a SignedKind, so every signature is domain-separated.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/credential/SignatureDomain.h"

#include <QByteArray>

namespace ward::crypto::credential {

inline constexpr std::size_t kSeedBytes = 32;

class SigningKey {
public:
    static SigningKey generate();
    // InvalidArgument when the seed is not kSeedBytes long.
    static Result<SigningKey> fromSeed(const SecretBytes& seed);

    const QByteArray& publicKey() const { return m_publicKey; }
    SecretBytes seed() const;
    QByteArray sign(SignedKind kind, const QByteArray& body) const;

private:
    SigningKey() = default;

    SecretBytes m_secretKey; // libsodium's 64-byte form: seed || public key
    QByteArray m_publicKey;
};

} // namespace ward::crypto::credential
