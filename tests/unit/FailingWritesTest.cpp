// Failing writes: a disk that fills up in the middle of a write loses nothing that was stored before and says
// so in words a person understands; a file that cannot be replaced keeps its old contents.
#include "FaultVfs.h"
#include "TestSupport.h"

#include "store/AuditLog.h"
#include "store/FileSafety.h"
#include "store/Profile.h"
#include "store/Schema.h"
#include "store/Vault.h"
#include "store/VisitRepository.h"

#include <QDir>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <csignal>

using namespace ward;
using namespace ward::store;
using ward::test::FaultVfs;

namespace {

// A history database on the fault-injecting VFS, with the real schema and repositories.
struct FaultyHistory {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("history.db"));
    crypto::SecretBytes key = test::newDatabaseKey();
    test::FakeClock clock;
    Database db = test::createDatabase(path, key, FaultVfs::name());
    AuditLog audit { db, clock.clock() };
    VisitRepository visits { db, audit, clock.clock() };

    FaultyHistory()
    {
        FaultVfs::clear();
        REQUIRE(historyMigrator().migrate(db).ok());
        REQUIRE(audit.append(AuditEvent::ProfileCreated).ok());
        for (int i = 0; i < 20; ++i) {
            REQUIRE(visits.add(visit(i, 300)).ok());
        }
    }
    ~FaultyHistory() { FaultVfs::clear(); }
    FaultyHistory(const FaultyHistory&) = delete;
    FaultyHistory& operator=(const FaultyHistory&) = delete;

    static NewVisit visit(int i, int noteChars)
    {
        NewVisit v;
        v.startedAtMs = 1'700'000'000'000 + i;
        v.otherParty = QStringLiteral("Clinic %1").arg(i);
        v.reason = QStringLiteral("reason %1").arg(i);
        QStringList words;
        for (int w = 0; words.join(QLatin1Char(' ')).size() < noteChars; ++w) {
            words.append(QStringLiteral("word%1x%2").arg(i).arg(w));
        }
        v.notes = words.join(QLatin1Char(' '));
        v.participants.push_back(
            Participant { 0, QStringLiteral("Person %1").arg(i), QStringLiteral("clinician"), true });
        return v;
    }

    QString snapshot()
    {
        return test::dump(db, "SELECT * FROM visits ORDER BY id") + QStringLiteral("\n--\n")
            + test::dump(db, "SELECT * FROM participants ORDER BY id") + QStringLiteral("\n--\n")
            + test::dump(db, "SELECT * FROM audit_log ORDER BY seq") + QStringLiteral("\n--\n")
            + test::dump(db, "SELECT * FROM settings ORDER BY key") + QStringLiteral("\n--\n")
            + test::dump(db, "SELECT docid FROM visits_fts WHERE visits_fts MATCH 'word*' ORDER BY docid");
    }
};

// Lowers the largest file this process may write, as a nearly full disk would; restored on destruction.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        REQUIRE(getrlimit(RLIMIT_FSIZE, &m_saved) == 0);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_saved;
        lowered.rlim_cur = bytes;
        REQUIRE(setrlimit(RLIMIT_FSIZE, &lowered) == 0);
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_saved {};
    void (*m_oldHandler)(int) = nullptr;
};

} // namespace

TEST_CASE("A full disk during an insert loses nothing and says the disk is full", "[store][faults]")
{
    FaultyHistory h;
    const QString before = h.snapshot();
    const std::int64_t countBefore = h.visits.count().value();
    REQUIRE(countBefore == 20);

    // The budget runs out at a different point of the write each time: in the journal, in the database file,
    // at the commit. A visit this large spans many pages, so every budget below runs out.
    const std::int64_t budget = GENERATE(0, 1, 512, 1100, 4096, 9000, 20000, 40000, 80000, 150000);
    INFO("write budget " << budget);
    FaultVfs::failWritesAfter(budget);
    auto added = h.visits.add(FaultyHistory::visit(100, 90'000));
    const int refused = FaultVfs::refusedWrites();
    FaultVfs::clear();

    REQUIRE(refused > 0);
    REQUIRE_FALSE(added.ok());
    INFO(added.error().message.toStdString());
    CHECK(added.error().code == ErrorCode::DiskFull);
    CHECK(added.error().message.contains(QStringLiteral("disk is full")));
    CHECK(added.error().message.contains(h.path));
    CHECK_FALSE(added.error().message.contains(QStringLiteral("word100x")));

    // The same connection, once there is space again: exactly what was there before.
    CHECK(h.visits.count().value() == countBefore);
    CHECK(h.snapshot() == before);
    CHECK(test::integrityCheck(h.db) == QStringLiteral("ok"));
    CHECK(h.audit.verify()->intact);

    // And the store works again.
    auto next = h.visits.add(FaultyHistory::visit(101, 500));
    INFO((next ? QString() : next.error().message).toStdString());
    REQUIRE(next.ok());
    CHECK(h.visits.count().value() == countBefore + 1);

    // A fresh connection on the default VFS sees a sound file with the old rows and the new one.
    auto reopened = Database::open(h.path, h.key, CipherSettings::current(), Database::Mode::OpenExisting);
    REQUIRE(reopened.ok());
    CHECK(test::integrityCheck(reopened.value()) == QStringLiteral("ok"));
    CHECK(test::queryInt(reopened.value(), "SELECT count(*) FROM visits") == countBefore + 1);
}

TEST_CASE("A full disk while changing notes keeps the old notes", "[store][faults]")
{
    FaultyHistory h;
    const QString before = h.snapshot();
    const std::int64_t budget = GENERATE(0, 2048, 30000);
    INFO("write budget " << budget);
    FaultVfs::failWritesAfter(budget);
    const Status changed = h.visits.updateNotes(1, QString(80'000, QLatin1Char('q')));
    FaultVfs::clear();
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().code == ErrorCode::DiskFull);
    CHECK(h.snapshot() == before);
    CHECK(test::integrityCheck(h.db) == QStringLiteral("ok"));
}

TEST_CASE("writeFileAtomically fails cleanly where it cannot write", "[store][faults]")
{
    QTemporaryDir dir;
    const QByteArray bytes("new contents");

    SECTION("into a folder that does not exist")
    {
        const QString path = dir.filePath(QStringLiteral("missing/vault.ward"));
        const Status status = writeFileAtomically(path, bytes);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == ErrorCode::Io);
        CHECK(status.error().message.contains(path));
        CHECK_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("missing"))));
    }
    SECTION("into a 'folder' that is a regular file")
    {
        // chmod does not stop root; a file where the folder should be stops everyone.
        const QString blocker = dir.filePath(QStringLiteral("blocker"));
        test::writeFile(blocker, QByteArray("not a folder"));
        const QString path = blocker + QStringLiteral("/vault.ward");
        const Status status = writeFileAtomically(path, bytes);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().message.contains(path));
        CHECK(test::readFile(blocker) == QByteArray("not a folder"));
    }
    CHECK(test::filesUnder(dir.path()).size() <= 1);
}

TEST_CASE("A vault that cannot be replaced stays intact and still unlocks", "[store][faults]")
{
    QTemporaryDir dir;
    const ProfilePaths paths { dir.path() };
    test::createProfile(dir.path(), test::fastOptions()).reset();
    const QByteArray vaultBefore = test::readFile(paths.vault());
    const QStringList filesBefore = test::filesUnder(dir.path());

    // The new file is larger than the disk has room for (a file-size limit stands in for the full disk).
    const QByteArray large(256 * 1024, 'v');
    Status status;
    {
        FileSizeLimit limit(4096);
        status = writeFileAtomically(paths.vault(), large);
    }
    REQUIRE_FALSE(status.ok());
    INFO(status.error().message.toStdString());
    CHECK(status.error().message.contains(paths.vault()));
    CHECK(status.error().message.contains(QStringLiteral("unchanged")));
    CHECK(test::readFile(paths.vault()) == vaultBefore);
    CHECK(test::filesUnder(dir.path()) == filesBefore); // no temporary file left behind
    CHECK(Profile::unlock(dir.path(), test::secret(test::kPassphrase)).ok());

    SECTION("Vault::write into a missing folder leaves the real vault alone")
    {
        auto vault = Vault::read(paths.vault());
        REQUIRE(vault.ok());
        const Status elsewhere = Vault::write(dir.filePath(QStringLiteral("gone/vault.ward")), vault.value());
        REQUIRE_FALSE(elsewhere.ok());
        CHECK(test::readFile(paths.vault()) == vaultBefore);
    }
}
