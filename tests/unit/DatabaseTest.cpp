// The SQLCipher wrapper: keys of the right size only, a wrong key never opens a file, values are bound rather
// than pasted into SQL, and transactions roll back unless committed and nest under an outer one.
#include "TestSupport.h"

#include "store/CipherSettings.h"
#include "store/Database.h"
#include "store/Schema.h"
#include "store/Transaction.h"

#include <QFileInfo>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <sqlcipher/sqlite3.h>

using namespace ward;
using namespace ward::store;
using ward::test::createDatabase;
using ward::test::dump;
using ward::test::newDatabaseKey;
using ward::test::queryInt;

namespace {

Status insertNote(Database& db, const QString& text)
{
    auto stmt = db.prepare("INSERT INTO notes (text) VALUES (?)");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, text);
    return stmt->run();
}

} // namespace

TEST_CASE("Database refuses a key of the wrong size", "[store][database]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    for (std::size_t size : { std::size_t { 0 }, std::size_t { 16 }, std::size_t { 31 }, std::size_t { 33 },
             std::size_t { 64 } }) {
        auto db = Database::open(
            path, crypto::SecretBytes::random(size), CipherSettings::current(), Database::Mode::CreateNew);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code == ErrorCode::InvalidArgument);
    }
    CHECK_FALSE(QFileInfo::exists(path));
}

TEST_CASE("Database opened with the wrong key fails as Corrupt and names the file", "[store][database]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    const crypto::SecretBytes key = newDatabaseKey();
    {
        Database db = createDatabase(path, key);
        REQUIRE(db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')").ok());
    }
    const QByteArray before = test::fileHash(path);

    auto wrong
        = Database::open(path, newDatabaseKey(), CipherSettings::current(), Database::Mode::OpenExisting);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == ErrorCode::Corrupt);
    CHECK(wrong.error().message.contains(path));
    CHECK(test::fileHash(path) == before);

    auto right = Database::open(path, key, CipherSettings::current(), Database::Mode::OpenExisting);
    REQUIRE(right.ok());
    CHECK(dump(right.value(), "SELECT x FROM t") == QStringLiteral("kept"));
}

TEST_CASE("Database open modes neither overwrite nor invent files", "[store][database]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    auto missing
        = Database::open(path, newDatabaseKey(), CipherSettings::current(), Database::Mode::OpenExisting);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);
    CHECK(missing.error().message.contains(path));
    CHECK_FALSE(QFileInfo::exists(path));

    {
        Database db = createDatabase(path, newDatabaseKey());
    }
    const QByteArray before = test::fileHash(path);
    auto again = Database::open(path, newDatabaseKey(), CipherSettings::current(), Database::Mode::CreateNew);
    REQUIRE_FALSE(again.ok());
    CHECK(test::fileHash(path) == before);
}

TEST_CASE("Statements bind values so SQL in a value is stored verbatim", "[store][database]")
{
    QTemporaryDir dir;
    Database db = createDatabase(dir.filePath(QStringLiteral("history.db")), newDatabaseKey());
    auto migrated = historyMigrator().migrate(db);
    REQUIRE(migrated.ok());

    const QString hostile = QStringLiteral("chest pain'); DROP TABLE visits;-- \"quoted\" ? :name @x $y");
    auto insert
        = db.prepare("INSERT INTO visits (started_at, other_party, reason, notes, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    REQUIRE(insert.ok());
    insert->bind(1, std::int64_t { 1 })
        .bind(2, hostile)
        .bind(3, hostile)
        .bind(4, QString())
        .bind(5, std::int64_t { 1 });
    insert->bind(6, std::int64_t { 1 });
    REQUIRE(insert->run().ok());

    CHECK(queryInt(db, "SELECT count(*) FROM sqlite_master WHERE name = 'visits'") == 1);
    auto read = db.prepare("SELECT reason, other_party FROM visits WHERE reason = ?");
    REQUIRE(read.ok());
    read->bind(1, hostile);
    auto row = read->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    CHECK(read->text(0) == hostile);
    CHECK(read->text(1) == hostile);

    SECTION("blobs and NULLs round-trip too")
    {
        REQUIRE(db.exec("CREATE TABLE b (v BLOB, n INTEGER)").ok());
        const QByteArray bytes("\x00\x01'\xff--", 6);
        auto put = db.prepare("INSERT INTO b (v, n) VALUES (?, ?)");
        REQUIRE(put.ok());
        put->bind(1, bytes).bind(2, std::optional<std::int64_t>());
        REQUIRE(put->run().ok());
        auto get = db.prepare("SELECT v, n FROM b");
        REQUIRE(get.ok());
        REQUIRE(get->step().ok());
        CHECK(get->blob(0) == bytes);
        CHECK(get->isNull(1));
        CHECK_FALSE(get->optionalInt64(1).has_value());
    }
}

TEST_CASE("A transaction destroyed without commit rolls back", "[store][transaction]")
{
    QTemporaryDir dir;
    Database db = createDatabase(dir.filePath(QStringLiteral("t.db")), newDatabaseKey());
    REQUIRE(db.exec("CREATE TABLE notes (text TEXT)").ok());
    REQUIRE(insertNote(db, QStringLiteral("before")).ok());
    {
        auto tx = Transaction::begin(db);
        REQUIRE(tx.ok());
        REQUIRE(insertNote(db, QStringLiteral("abandoned")).ok());
        CHECK(queryInt(db, "SELECT count(*) FROM notes") == 2);
    }
    CHECK(dump(db, "SELECT text FROM notes") == QStringLiteral("before"));
    CHECK(sqlite3_get_autocommit(db.handle()) != 0);

    {
        auto tx = Transaction::begin(db);
        REQUIRE(tx.ok());
        REQUIRE(insertNote(db, QStringLiteral("kept")).ok());
        REQUIRE(tx->commit().ok());
    }
    CHECK(dump(db, "SELECT text FROM notes ORDER BY rowid") == QStringLiteral("before\nkept"));
    CHECK(sqlite3_get_autocommit(db.handle()) != 0);
}

TEST_CASE("Nested transactions commit with the outer one", "[store][transaction]")
{
    QTemporaryDir dir;
    Database db = createDatabase(dir.filePath(QStringLiteral("t.db")), newDatabaseKey());
    REQUIRE(db.exec("CREATE TABLE notes (text TEXT)").ok());

    SECTION("inner and outer committed: both writes stay")
    {
        auto outer = Transaction::begin(db);
        REQUIRE(outer.ok());
        REQUIRE(insertNote(db, QStringLiteral("outer")).ok());
        {
            auto inner = Transaction::begin(db);
            REQUIRE(inner.ok());
            REQUIRE(insertNote(db, QStringLiteral("inner")).ok());
            REQUIRE(inner->commit().ok());
        }
        CHECK(sqlite3_get_autocommit(db.handle()) == 0); // still inside the outer transaction
        REQUIRE(outer->commit().ok());
        CHECK(dump(db, "SELECT text FROM notes ORDER BY rowid") == QStringLiteral("outer\ninner"));
    }
    SECTION("inner committed, outer abandoned: neither write stays")
    {
        {
            auto outer = Transaction::begin(db);
            REQUIRE(outer.ok());
            REQUIRE(insertNote(db, QStringLiteral("outer")).ok());
            auto inner = Transaction::begin(db);
            REQUIRE(inner.ok());
            REQUIRE(insertNote(db, QStringLiteral("inner")).ok());
            REQUIRE(inner->commit().ok());
        }
        CHECK(queryInt(db, "SELECT count(*) FROM notes") == 0);
    }
    SECTION("inner abandoned, outer committed: only the outer write stays")
    {
        auto outer = Transaction::begin(db);
        REQUIRE(outer.ok());
        REQUIRE(insertNote(db, QStringLiteral("outer")).ok());
        {
            auto inner = Transaction::begin(db);
            REQUIRE(inner.ok());
            REQUIRE(insertNote(db, QStringLiteral("inner")).ok());
        }
        REQUIRE(outer->commit().ok());
        CHECK(dump(db, "SELECT text FROM notes") == QStringLiteral("outer"));
    }
    CHECK(sqlite3_get_autocommit(db.handle()) != 0);
}
