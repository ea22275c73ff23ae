// The key that opens server.db: 32 random bytes, either from the environment (WARD_SERVER_DB_KEY, 64 hex
// digits, for deployments that keep it in a secret store) or from server.key in the data folder (64 hex
// digits and a newline, owner-only). A key file that others may read is refused rather than used, so a
// careless chmod is noticed at the next start instead of never.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QString>

#include <optional>

namespace ward::server {

inline constexpr char kDatabaseKeyEnvironment[] = "WARD_SERVER_DB_KEY";

// Fails with Unsafe when the file is readable or writable by the group or others.
Status requireOwnerOnly(const QString& path, const QString& what);

// 64 hex digits (optionally followed by a newline) -> 32 bytes, parsed without leaving a copy behind.
Result<crypto::SecretBytes> parseDatabaseKeyHex(const std::uint8_t* data, std::size_t size);

// The key from WARD_SERVER_DB_KEY, when the variable is set (an error when it is set but malformed).
Result<std::optional<crypto::SecretBytes>> databaseKeyFromEnvironment();

// The key from the environment, else from `keyFile` (which must exist and be owner-only).
Result<crypto::SecretBytes> loadDatabaseKey(const QString& keyFile);

// Writes `key` as hex and a newline to `keyFile`, atomically and owner-only.
Status writeDatabaseKey(const QString& keyFile, const crypto::SecretBytes& key);

// Reads the whole of a secret file straight into wiped memory: NotFound or Io when it cannot be opened,
// InvalidArgument (naming `what` and the limit) when it holds more than maxBytes.
Result<crypto::SecretBytes> readSecretFile(const QString& path, std::size_t maxBytes, const QString& what);

// Writes `bytes` to `path` atomically, the file owner-only from its creation.
Status writeSecretFile(const QString& path, const crypto::SecretBytes& bytes);

} // namespace ward::server
