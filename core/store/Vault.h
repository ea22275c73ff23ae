// Operations on a profile's vault: create it around the profile's secrets (the database key and the device
// identity seeds), open them with the passphrase, add one to an opened vault, rewrap all of them under a new
// passphrase (the database itself is never re-encrypted), and read or write the file atomically.
// Passphrases given here are already NFKC-normalised UTF-8.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "store/VaultFile.h"

#include <QString>

#include <map>

namespace ward::store {

// Secrets by name (kDatabaseKeyName, kIdentitySigningKeyName, ...).
using VaultSecrets = std::map<QString, crypto::SecretBytes>;

// What the passphrase opens: every secret, and the key that wraps them, so that a secret can be added
// without deriving it from the passphrase again.
struct OpenedVault {
    crypto::SecretBytes wrappingKey;
    VaultSecrets secrets;
};

class Vault {
public:
    // Seals every secret under the passphrase; `secrets` must hold the database key.
    static Result<VaultFile> create(const crypto::SecretBytes& passphrase, const VaultSecrets& secrets,
        const crypto::Argon2Params& params, const CipherSettings& cipher, std::int64_t nowMs);

    // ErrorCode::WrongPassphrase when the passphrase does not open the database key; Corrupt when it does but
    // another secret does not open (the file was changed).
    static Result<OpenedVault> open(const VaultFile& file, const crypto::SecretBytes& passphrase);
    static Result<crypto::SecretBytes> openDatabaseKey(
        const VaultFile& file, const crypto::SecretBytes& passphrase);

    // Seals `secret` as `name` into `file`, under the wrapping key of an opened vault.
    static void seal(VaultFile& file, const crypto::SecretBytes& wrappingKey, const QString& name,
        const crypto::SecretBytes& secret);

    // Every key in the vault is resealed under the new passphrase with a new salt; the keys stay the same.
    static Result<VaultFile> rewrap(const VaultFile& file, const crypto::SecretBytes& oldPassphrase,
        const crypto::SecretBytes& newPassphrase, const crypto::Argon2Params& newParams);

    static Result<VaultFile> read(const QString& path);
    // Writes to a temporary file, flushes it to disk and renames it over `path`: the old file stays whole
    // until the new one is complete.
    static Status write(const QString& path, const VaultFile& file);
};

} // namespace ward::store
