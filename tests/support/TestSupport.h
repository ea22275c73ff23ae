// Small helpers shared by Ward's tests: secrets from literals, fast profile options, a clock the test
// moves by hand, and byte-level views of the files in a profile folder (hashes, contents, searches).
#pragma once

#include "common/Clock.h"
#include "crypto/SecretBytes.h"
#include "store/Database.h"
#include "store/Profile.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>

namespace ward::test {

// A passphrase the built-in policy accepts (long, no common words, no pattern).
inline constexpr char kPassphrase[] = "umber kettle saffron viaduct";
inline constexpr char kOtherPassphrase[] = "glacier mosaic thimble orbit";

crypto::SecretBytes secret(std::string_view text);
crypto::SecretBytes secret(const char* text);
crypto::SecretBytes secret(const QString& text);

// A wall clock that only moves when the test says so. Copies share the same time.
class FakeClock {
public:
    explicit FakeClock(std::int64_t startMs = 1'700'000'000'000);
    Clock clock() const;
    std::int64_t now() const { return m_now->load(); }
    void advance(std::int64_t ms) { m_now->fetch_add(ms); }

private:
    std::shared_ptr<std::atomic<std::int64_t>> m_now;
};

// Argon2id at its INTERACTIVE minimum, so that each unlock costs a fraction of a second.
store::ProfileOptions fastOptions(const Clock& clock = systemClock());

// Creates a profile in `dir` with kPassphrase (or `passphrase`) and returns its session; fails the test
// when that is not possible.
std::unique_ptr<store::ProfileSession> createProfile(
    const QString& dir, const store::ProfileOptions& options, std::string_view passphrase = kPassphrase);

// A database key and a freshly created, keyed, empty SQLCipher file at `path`.
crypto::SecretBytes newDatabaseKey();
store::Database createDatabase(
    const QString& path, const crypto::SecretBytes& key, const char* vfs = nullptr);

QByteArray readFile(const QString& path);
void writeFile(const QString& path, const QByteArray& bytes);
// SHA-256 of the file's bytes, or "missing" when there is no file.
QByteArray fileHash(const QString& path);
// Every regular file under `dir` (hidden ones included), recursively, as absolute paths.
QStringList filesUnder(const QString& dir);
// Path -> SHA-256 for every file under `dir`.
QMap<QString, QByteArray> hashFolder(const QString& dir);

// Random bytes for test data (not secrets).
QByteArray randomBytes(std::size_t size);
QString randomHex(int bytes);

// Every row of a query, one line a row, columns separated by '|'; blobs in hex. For comparing whole tables.
QString dump(store::Database& db, const char* sql);
// The answer of PRAGMA integrity_check, one line per problem; "ok" when the file is sound.
QString integrityCheck(store::Database& db);
std::int64_t queryInt(store::Database& db, const char* sql);

} // namespace ward::test
