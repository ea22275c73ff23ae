// Guards against the one silent failure of an encrypted store: a plain libsqlite3 (loaded by another
// library such as libnice or Qt's SQLite plugin) winning symbol lookup and writing PHI in the clear.
// Every store refuses to open unless SQLCipher answers, and start-up proves that a freshly written
// database is not plaintext.
#pragma once

#include "common/Result.h"

#include <QString>

namespace ward::store {

class Database;

inline constexpr char kPlaintextSqliteMagic[] = "SQLite format 3";

// Fails unless PRAGMA cipher_version answers on this connection.
Status requireSqlCipher(Database& db);

// Fails when the file at `path` begins with the plaintext SQLite header.
Status refusePlaintextFile(const QString& path);

// Writes a throw-away database in `scratchDir` with a random key and checks both of the above.
// The app and wardctl call this once at start-up.
Status verifyEncryptionAtStartup(const QString& scratchDir);

} // namespace ward::store
