// Schema migrations: steps run in order, each in its own transaction with its version bump; a failing step
// leaves the database at the previous version with its data; an existing database is backed up first; a
// database from a newer Ward is refused untouched. And the real schema builds from an empty database.
#include "TestSupport.h"

#include "store/CipherSettings.h"
#include "store/Migrator.h"
#include "store/Profile.h"
#include "store/Schema.h"

#include <QFileInfo>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <sqlcipher/sqlite3.h>

#include <vector>

using namespace ward;
using namespace ward::store;
using ward::test::dump;
using ward::test::queryInt;

namespace {

struct Fixture {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("history.db"));
    crypto::SecretBytes key = test::newDatabaseKey();
    std::vector<int> ran;
    std::vector<bool> inTransaction;

    // Step n appends the row "v<n>" to table log (step 1 creates it).
    MigrationStep step(int version, bool fail = false)
    {
        return MigrationStep { version, "test step", [this, version, fail](Database& db) -> Status {
                                  ran.push_back(version);
                                  inTransaction.push_back(sqlite3_get_autocommit(db.handle()) == 0);
                                  if (version == 1) {
                                      if (auto s = db.exec("CREATE TABLE log (entry TEXT)"); !s) {
                                          return s;
                                      }
                                  }
                                  auto insert = db.prepare("INSERT INTO log (entry) VALUES (?)");
                                  if (!insert) {
                                      return insert.error();
                                  }
                                  insert->bind(1, QStringLiteral("v%1").arg(version));
                                  if (auto s = insert->run(); !s) {
                                      return s;
                                  }
                                  if (fail) {
                                      return makeError(
                                          ErrorCode::Internal, QStringLiteral("step %1 failed").arg(version));
                                  }
                                  return {};
                              } };
    }

    Migrator migrator(int steps, int failingStep = 0)
    {
        std::vector<MigrationStep> list;
        for (int v = 1; v <= steps; ++v) {
            list.push_back(step(v, v == failingStep));
        }
        return Migrator(std::move(list));
    }

    Database open()
    {
        auto db = Database::open(path, key, CipherSettings::current(), Database::Mode::OpenExisting);
        INFO((db ? QString() : db.error().message).toStdString());
        REQUIRE(db.ok());
        return std::move(db).value();
    }
};

} // namespace

TEST_CASE("Migration steps run in order, each in its own transaction", "[store][migrator]")
{
    Fixture f;
    Database db = test::createDatabase(f.path, f.key);
    auto report = f.migrator(3).migrate(db);
    REQUIRE(report.ok());
    CHECK(report->fromVersion == 0);
    CHECK(report->toVersion == 3);
    CHECK(report->backupPath.isEmpty()); // a new database has nothing to lose
    CHECK(f.ran == std::vector<int> { 1, 2, 3 });
    CHECK(f.inTransaction == std::vector<bool> { true, true, true });
    CHECK(db.userVersion().value() == 3);
    CHECK(dump(db, "SELECT entry FROM log ORDER BY rowid") == QStringLiteral("v1\nv2\nv3"));
    CHECK(sqlite3_get_autocommit(db.handle()) != 0);

    // Nothing to do the second time.
    f.ran.clear();
    auto again = f.migrator(3).migrate(db);
    REQUIRE(again.ok());
    CHECK(again->fromVersion == 3);
    CHECK(again->toVersion == 3);
    CHECK(f.ran.empty());
}

TEST_CASE("A failing step leaves the database at the previous step", "[store][migrator]")
{
    Fixture f;
    {
        Database db = test::createDatabase(f.path, f.key);
        auto report = f.migrator(4, 3).migrate(db);
        REQUIRE_FALSE(report.ok());
        CHECK(report.error().message == QStringLiteral("step 3 failed"));
        CHECK(f.ran == std::vector<int> { 1, 2, 3 }); // step 4 never ran
        CHECK(db.userVersion().value() == 2);
        CHECK(dump(db, "SELECT entry FROM log ORDER BY rowid") == QStringLiteral("v1\nv2"));
        CHECK(sqlite3_get_autocommit(db.handle()) != 0);
    }
    // And so it is on disk.
    Database db = f.open();
    CHECK(db.userVersion().value() == 2);
    CHECK(dump(db, "SELECT entry FROM log ORDER BY rowid") == QStringLiteral("v1\nv2"));

    // A fixed migrator carries on from there.
    f.ran.clear();
    auto report = f.migrator(4).migrate(db);
    REQUIRE(report.ok());
    CHECK(report->fromVersion == 2);
    CHECK(f.ran == std::vector<int> { 3, 4 });
    CHECK(dump(db, "SELECT entry FROM log ORDER BY rowid") == QStringLiteral("v1\nv2\nv3\nv4"));
}

TEST_CASE("An existing database is backed up before it is migrated", "[store][migrator]")
{
    Fixture f;
    {
        Database db = test::createDatabase(f.path, f.key);
        REQUIRE(f.migrator(1).migrate(db).ok());
    }
    const QByteArray before = test::readFile(f.path);
    Database db = f.open();
    auto report = f.migrator(3).migrate(db);
    REQUIRE(report.ok());
    const QString backup = f.path + QStringLiteral(".v1.bak");
    CHECK(report->backupPath == backup);
    REQUIRE(QFileInfo::exists(backup));
    CHECK(test::readFile(backup) == before);

    // The backup opens with the same key and holds the data as it was before the migration.
    auto old = Database::open(backup, f.key, CipherSettings::current(), Database::Mode::OpenExisting);
    INFO((old ? QString() : old.error().message).toStdString());
    REQUIRE(old.ok());
    CHECK(old->userVersion().value() == 1);
    CHECK(dump(old.value(), "SELECT entry FROM log ORDER BY rowid") == QStringLiteral("v1"));
    CHECK(test::integrityCheck(old.value()) == QStringLiteral("ok"));
    CHECK(dump(db, "SELECT entry FROM log ORDER BY rowid") == QStringLiteral("v1\nv2\nv3"));
}

TEST_CASE("A database newer than the code is refused and left unchanged", "[store][migrator]")
{
    Fixture f;
    {
        Database db = test::createDatabase(f.path, f.key);
        REQUIRE(f.migrator(5).migrate(db).ok());
    }
    const QByteArray before = test::fileHash(f.path);
    {
        Database db = f.open();
        f.ran.clear();
        auto report = f.migrator(2).migrate(db);
        REQUIRE_FALSE(report.ok());
        CHECK(report.error().code == ErrorCode::TooNew);
        INFO(report.error().message.toStdString());
        CHECK(report.error().message.contains(QStringLiteral("format 5")));
        CHECK(report.error().message.contains(QStringLiteral("format 2")));
        CHECK(f.ran.empty());
        CHECK(db.userVersion().value() == 5);
    }
    CHECK(test::fileHash(f.path) == before);
    CHECK_FALSE(QFileInfo::exists(f.path + QStringLiteral(".v5.bak")));
}

TEST_CASE("The history schema builds version 1 from an empty database", "[store][migrator][schema]")
{
    Fixture f;
    {
        // The fixture: an empty keyed database at version 0, as a new profile starts.
        Database db = test::createDatabase(f.path, f.key);
        CHECK(db.userVersion().value() == 0);
    }
    Database db = f.open();
    const Migrator migrator = historyMigrator();
    CHECK(migrator.latestVersion() == 1);
    auto report = migrator.migrate(db);
    INFO((report ? QString() : report.error().message).toStdString());
    REQUIRE(report.ok());
    CHECK(report->fromVersion == 0);
    CHECK(report->toVersion == 1);
    CHECK(db.userVersion().value() == 1);

    for (const char* table : { "visits", "participants", "settings", "audit_log", "visits_fts" }) {
        INFO(table);
        auto stmt = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
        REQUIRE(stmt.ok());
        stmt->bind(1, QString::fromLatin1(table));
        REQUIRE(stmt->step().ok());
        CHECK(stmt->int64(0) == 1);
    }
    CHECK(
        queryInt(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'visits_fts_%'")
        == 4);
    CHECK(test::integrityCheck(db) == QStringLiteral("ok"));

    // The full-text index follows the table through the triggers.
    REQUIRE(db.exec("INSERT INTO visits (started_at, other_party, reason, created_at, updated_at) "
                    "VALUES (1, 'Dr. Lind', 'migraine', 1, 1)")
                .ok());
    CHECK(queryInt(db, "SELECT count(*) FROM visits_fts WHERE visits_fts MATCH 'migraine'") == 1);
    REQUIRE(db.exec("UPDATE visits SET reason = 'sprain'").ok());
    CHECK(queryInt(db, "SELECT count(*) FROM visits_fts WHERE visits_fts MATCH 'migraine'") == 0);
    CHECK(queryInt(db, "SELECT count(*) FROM visits_fts WHERE visits_fts MATCH 'sprain'") == 1);
    REQUIRE(db.exec("DELETE FROM visits").ok());
    CHECK(queryInt(db, "SELECT count(*) FROM visits_fts WHERE visits_fts MATCH 'sprain'") == 0);
}

TEST_CASE("Unlocking a profile written by a newer Ward is refused and changes nothing",
    "[store][migrator][profile]")
{
    QTemporaryDir dir;
    const ProfilePaths paths { dir.path() };
    const int newer = historyMigrator().latestVersion() + 6;
    {
        auto session = test::createProfile(dir.path(), test::fastOptions());
        REQUIRE(session->database().setUserVersion(newer).ok());
    }
    const QByteArray vaultBefore = test::fileHash(paths.vault());
    const QByteArray databaseBefore = test::fileHash(paths.database());

    auto session = Profile::unlock(dir.path(), test::secret(test::kPassphrase));
    REQUIRE_FALSE(session.ok());
    INFO(session.error().message.toStdString());
    CHECK(session.error().code == ErrorCode::TooNew);
    CHECK(session.error().message.contains(QStringLiteral("format %1").arg(newer)));
    CHECK(
        session.error().message.contains(QStringLiteral("format %1").arg(historyMigrator().latestVersion())));
    CHECK(test::fileHash(paths.vault()) == vaultBefore);
    CHECK(test::fileHash(paths.database()) == databaseBefore);
    CHECK(test::filesUnder(dir.path()).filter(QStringLiteral(".bak")).isEmpty());
}
