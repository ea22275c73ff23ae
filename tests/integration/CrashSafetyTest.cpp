// Crash safety with real processes: a writer (ward_store_writer_child) commits batches of 50 visits, one
// transaction each, and is killed with SIGKILL at varied moments. After every kill the profile must unlock,
// pass integrity_check, hold every batch the writer reported as committed, and hold each batch whole or
// not at all.
#include "TestSupport.h"

#include "store/Profile.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <catch2/catch.hpp>

#include <signal.h>

#include <map>

using namespace ward;
using namespace ward::store;

namespace {

constexpr int kBatchSize = 50;
constexpr int kRounds = 12;

// Reads the child's stdout until `line` has appeared, or fails after `timeoutMs`.
void waitForLine(QProcess& child, QByteArray& seen, const QByteArray& line, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!seen.contains(line)) {
        INFO("child output so far: " << seen.toStdString()
                                     << "\nstderr: " << child.readAllStandardError().toStdString());
        REQUIRE(child.state() == QProcess::Running);
        REQUIRE(timer.elapsed() < timeoutMs);
        child.waitForReadyRead(100);
        seen += child.readAllStandardOutput();
    }
}

int lastCommitted(const QByteArray& output)
{
    int last = 0;
    for (const QByteArray& line : output.split('\n')) {
        if (line.startsWith("committed ")) {
            last = line.mid(10).toInt();
        }
    }
    return last;
}

} // namespace

TEST_CASE("A writer killed with SIGKILL leaves every batch whole or absent", "[crash]")
{
    QTemporaryDir dir;
    test::createProfile(dir.path(), test::fastOptions()).reset();
    QRandomGenerator random(QRandomGenerator::global()->generate());

    int killedAfterCommits = 0;
    for (int round = 1; round <= kRounds; ++round) {
        QProcess child;
        child.start(QStringLiteral(WARD_WRITER_CHILD_PATH), { dir.path(), QString::number(round) });
        REQUIRE(child.waitForStarted(30'000));
        child.write(QByteArray(test::kPassphrase) + '\n');
        child.closeWriteChannel();

        QByteArray output;
        waitForLine(child, output, "ready", 60'000);
        // Vary the moment: right after opening, inside the first batch, or some batches in.
        const int mode = round % 3;
        if (mode == 1) {
            waitForLine(child, output, "committed 1\n", 60'000);
        } else if (mode == 2) {
            waitForLine(child, output, "committed 3\n", 60'000);
        }
        const int delayMs = static_cast<int>(random.bounded(mode == 0 ? 150 : 60));
        QThread::msleep(static_cast<unsigned long>(delayMs));

        REQUIRE(::kill(static_cast<pid_t>(child.processId()), SIGKILL) == 0);
        REQUIRE(child.waitForFinished(30'000));
        CHECK(child.exitStatus() == QProcess::CrashExit);
        output += child.readAllStandardOutput();
        const int committed = lastCommitted(output);
        killedAfterCommits += committed > 0 ? 1 : 0;
        INFO("round " << round << ", killed after " << delayMs << " ms, last committed batch " << committed);

        auto session = Profile::unlock(dir.path(), test::secret(test::kPassphrase));
        INFO((session ? QString() : session.error().message).toStdString());
        REQUIRE(session.ok());
        Database& db = session.value()->database();
        CHECK(test::integrityCheck(db) == QStringLiteral("ok"));
        CHECK(session.value()->audit().verify()->intact);

        // Every batch of every round so far: all 50 visits or none.
        std::map<QString, std::int64_t> counts;
        const QStringList rows = test::dump(db, "SELECT reason, count(*) FROM visits GROUP BY reason")
                                     .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString& row : rows) {
            counts[row.section(QLatin1Char('|'), 0, 0)] = row.section(QLatin1Char('|'), 1, 1).toLongLong();
        }
        for (const auto& [reason, count] : counts) {
            INFO(reason.toStdString());
            CHECK(count == kBatchSize);
        }
        // What the writer reported as committed survived the kill.
        for (int batch = 1; batch <= committed; ++batch) {
            INFO("batch " << batch);
            CHECK(counts.count(QStringLiteral("round %1 batch %2").arg(round).arg(batch)) == 1);
        }
        // The audit log has one visit.created per stored visit.
        std::int64_t visits = 0;
        for (const auto& entry : counts) {
            visits += entry.second;
        }
        CHECK(test::queryInt(db, "SELECT count(*) FROM audit_log WHERE event = 'visit.created'") == visits);
        CHECK(test::queryInt(db, "SELECT count(*) FROM visits_fts WHERE visits_fts MATCH 'crash'") == visits);
    }
    // The kills did land while batches were being written, not only before the first one.
    CHECK(killedAfterCommits >= kRounds / 2);
}
