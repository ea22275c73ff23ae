// Operations on a profile's vault: create it around the database key, open it with the
// passphrase, rewrap it under a new passphrase (the database itself is never re-encrypted), and read or
// write the file atomically. Passphrases given here are already NFKC-normalised UTF-8.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "store/VaultFile.h"

#include <QString>

namespace ward::store {

class Vault {
public:
    // Seals `databaseKey` (a fresh random key of kAeadKeyBytes) under the passphrase.
    static Result<VaultFile> create(const crypto::SecretBytes& passphrase,
        const crypto::SecretBytes& databaseKey, const crypto::Argon2Params& params,
        const CipherSettings& cipher, std::int64_t nowMs);

    // ErrorCode::WrongPassphrase when the passphrase does not open the database key.
    static Result<crypto::SecretBytes> openDatabaseKey(
        const VaultFile& file, const crypto::SecretBytes& passphrase);

    // Every key in the vault is resealed under the new passphrase with a new salt; the keys stay the same.
    static Result<VaultFile> rewrap(const VaultFile& file, const crypto::SecretBytes& oldPassphrase,
        const crypto::SecretBytes& newPassphrase, const crypto::Argon2Params& newParams);

    static Result<VaultFile> read(const QString& path);
    // Writes to a temporary file, flushes it to disk and renames it over `path`: the old file stays whole
    // until the new one is complete.
    static Status write(const QString& path, const VaultFile& file);
};

} // namespace ward::store
