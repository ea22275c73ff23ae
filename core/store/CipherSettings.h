// The SQLCipher settings a profile's database was written with. They are pinned explicitly when a
// database is opened, rather than left to the library's defaults, and recorded in the vault so that a later
// SQLCipher (whose defaults differ: 4.x uses 4 KiB pages and SHA-512) still opens the file.
#pragma once

#include "common/Result.h"

#include <QString>

namespace ward::store {

class Database;

struct CipherSettings {
    int pageSize = 1024;
    int kdfIterations = 64000; // used by SQLCipher for its HMAC key derivation with a raw key
    QString hmacAlgorithm = QStringLiteral("HMAC_SHA1");
    QString kdfAlgorithm = QStringLiteral("PBKDF2_HMAC_SHA1");
    QString writtenBy; // PRAGMA cipher_version of the library that created the file

    bool operator==(const CipherSettings&) const = default;

    // The settings Ward writes new profiles with (SQLCipher 3.x compatible).
    static CipherSettings current();
    // Only the values Ward knows how to pin are accepted; anything else is a damaged or foreign profile.
    bool valid() const;
};

// Applies the settings to a database that has been keyed but not yet read.
Status applyCipherSettings(Database& db, const CipherSettings& settings);

} // namespace ward::store
