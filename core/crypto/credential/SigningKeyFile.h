// An organisation signing key at rest (the root or an issuing key): its 32-byte seed sealed with
// XChaCha20-Poly1305 under an Argon2id key from a passphrase. CBOR, canonical: {"v": 1, "mem", "ops",
// "use": "root" | "issuing", "salt", "nonce", "public", "sealed"}. Everything except nonce and sealed is the
// associated data, so the use, the public key and the Argon2id settings cannot be changed without the
// passphrase noticing; opening also checks that the seed rebuilds the recorded public key. The seed leaves
// this class only inside a SigningKey.
#pragma once

#include "common/Result.h"
#include "crypto/Aead.h"
#include "crypto/Argon2.h"
#include "crypto/SecretBytes.h"
#include "crypto/credential/SigningKey.h"

#include <QByteArray>
#include <QString>

namespace ward::crypto::credential {

inline constexpr qsizetype kMaxSigningKeyFileBytes = 1024;

enum class KeyUse { OrganisationRoot, Issuing };

QString keyUseName(KeyUse use);

class SigningKeyFile {
public:
    // The passphrase is used as given (callers normalise it, as the profile vault does).
    static Result<SigningKeyFile> seal(
        const SigningKey& key, KeyUse use, const SecretBytes& passphrase, const Argon2Params& params);
    // `source` names the file in messages. Corrupt for a damaged file, TooNew for a newer format.
    static Result<SigningKeyFile> parse(const QByteArray& bytes, const QString& source);
    QByteArray serialize() const;

    // WrongPassphrase when the passphrase does not open the file; Corrupt when what it opens is not the key
    // the file says it holds.
    Result<SigningKey> open(const SecretBytes& passphrase) const;

    KeyUse use() const { return m_use; }
    const QByteArray& publicKey() const { return m_publicKey; }
    const Argon2Params& params() const { return m_params; }

private:
    QByteArray associatedData() const;

    KeyUse m_use = KeyUse::Issuing;
    QByteArray m_publicKey;
    Argon2Params m_params;
    QByteArray m_salt;
    Sealed m_sealed;
};

} // namespace ward::crypto::credential
