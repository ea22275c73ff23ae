// CipherGuard: the store refuses to run on a plain SQLite, refuses plaintext files, and what it writes is
// encrypted from the first byte.
#include "TestSupport.h"

#include "store/CipherGuard.h"
#include "store/Profile.h"

#include <QFile>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <sqlcipher/sqlite3.h>

using namespace ward;
using namespace ward::store;

namespace {

const QByteArray kMagic("SQLite format 3\0", 16);

// A real, unencrypted SQLite database, written through the same library without a key.
void writePlaintextDatabase(const QString& path)
{
    sqlite3* raw = nullptr;
    REQUIRE(
        sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        == SQLITE_OK);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
    REQUIRE(sqlite3_exec(db.get(),
                "CREATE TABLE visits (id INTEGER PRIMARY KEY, reason TEXT);"
                "INSERT INTO visits (reason) VALUES ('plain text');",
                nullptr, nullptr, nullptr)
        == SQLITE_OK);
}

} // namespace

TEST_CASE("The start-up encryption self-test passes with the linked SQLCipher", "[store][cipherguard]")
{
    QTemporaryDir dir;
    const Status status = verifyEncryptionAtStartup(dir.path());
    INFO((status ? QString() : status.error().message).toStdString());
    CHECK(status.ok());
    // The throw-away database is gone afterwards.
    CHECK(test::filesUnder(dir.path()).isEmpty());
}

TEST_CASE(
    "A new profile's database is encrypted and SQLCipher answers cipher_version", "[store][cipherguard]")
{
    QTemporaryDir dir;
    auto session = test::createProfile(dir.path(), test::fastOptions());
    CHECK_FALSE(session->database().cipherVersion().isEmpty());
    CHECK(requireSqlCipher(session->database()).ok());
    session.reset();

    const QByteArray bytes = test::readFile(ProfilePaths { dir.path() }.database());
    REQUIRE(bytes.size() >= 1024);
    CHECK_FALSE(bytes.startsWith(QByteArrayLiteral("SQLite format 3")));
    CHECK_FALSE(bytes.contains(QByteArrayLiteral("CREATE TABLE")));
    CHECK(refusePlaintextFile(ProfilePaths { dir.path() }.database()).ok());
}

TEST_CASE("refusePlaintextFile refuses plaintext SQLite files", "[store][cipherguard]")
{
    QTemporaryDir dir;
    SECTION("a bare plaintext header")
    {
        const QString path = dir.filePath(QStringLiteral("header.db"));
        test::writeFile(path, kMagic + QByteArray(4080, '\0'));
        const Status status = refusePlaintextFile(path);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == ErrorCode::Unsafe);
        CHECK(status.error().message.contains(path));
    }
    SECTION("a database written without a key")
    {
        const QString path = dir.filePath(QStringLiteral("plain.db"));
        writePlaintextDatabase(path);
        REQUIRE(test::readFile(path).startsWith(kMagic));
        const Status status = refusePlaintextFile(path);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == ErrorCode::Unsafe);

        auto opened = Database::open(
            path, test::newDatabaseKey(), CipherSettings::current(), Database::Mode::OpenExisting);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::Unsafe);
    }
}

TEST_CASE("Unlocking a profile whose history was swapped for a plaintext database is refused",
    "[store][cipherguard]")
{
    QTemporaryDir dir;
    const ProfilePaths paths { dir.path() };
    test::createProfile(dir.path(), test::fastOptions()).reset();

    REQUIRE(QFile::remove(paths.database()));
    writePlaintextDatabase(paths.database());
    const QByteArray before = test::fileHash(paths.database());

    auto session = Profile::unlock(dir.path(), test::secret(test::kPassphrase));
    REQUIRE_FALSE(session.ok());
    CHECK(session.error().code == ErrorCode::Unsafe);
    CHECK(session.error().message.contains(paths.database()));
    CHECK(test::fileHash(paths.database()) == before);
}
