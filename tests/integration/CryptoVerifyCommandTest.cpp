// wardctl crypto verify on the published minisign vector files, as IT would run it on a download: exit 0
// and the trusted comment on stdout when the signature holds; a non-zero exit and one plain line on stderr
// saying why when the file was changed, the key is another one, or the command line is wrong.
#include "TestSupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

std::ostream& operator<<(std::ostream& os, const Run& run)
{
    return os << "exit " << run.exitCode << "\nstdout: " << run.out.toStdString()
              << "\nstderr: " << run.err.toStdString();
}

QString vector(const char* name)
{
    return QStringLiteral(WARD_TEST_VECTORS_DIR "/minisign/") + QLatin1String(name);
}

const QString kPubFile = vector("minisign-test.pub");
const QString kPubBase64 = QStringLiteral("RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3");
const QString kOtherKey = QStringLiteral("RWRzq51bKcS8oJvZ4xEm+nRvGYPdsNRD3ciFPu1YJEL8Bl/3daWaj72r");

class Verify {
public:
    const QTemporaryDir& home() const { return m_home; }

    Run run(const QStringList& args) const
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("TMPDIR"), m_home.path());
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(WARD_WARDCTL_PATH),
            QStringList { QStringLiteral("crypto"), QStringLiteral("verify") } + args);
        REQUIRE(process.waitForStarted(30'000));
        process.closeWriteChannel();
        REQUIRE(process.waitForFinished(120'000));
        REQUIRE(process.exitStatus() == QProcess::NormalExit);
        return Run { process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError() };
    }

    Run verify(const QString& pubkey, const QString& sig, const QString& file) const
    {
        return run({ QStringLiteral("--pubkey"), pubkey, QStringLiteral("--sig"), sig, file });
    }

private:
    QTemporaryDir m_home;
};

void checkFailure(const Run& run, int exitCode, const char* reason)
{
    INFO(run);
    CHECK(run.exitCode == exitCode);
    CHECK(run.out.isEmpty());
    CHECK(run.err.count('\n') == 1);
    CHECK(run.err.startsWith("wardctl: "));
    CHECK(run.err.contains(reason));
}

} // namespace

TEST_CASE("wardctl crypto verify prints the trusted comment of every vector signature", "[wardctl][minisign]")
{
    const Verify ctl;
    const struct {
        const char* sig;
        const char* comment;
    } cases[] = {
        { "test.txt.legacy.minisig", "timestamp:1555779966\tfile:test\n" },
        { "test.txt.prehashed.minisig", "timestamp:1556193335\tfile:test\n" },
        { "test.txt.prehashed-2.minisig", "timestamp:1633700835\tfile:test\tprehashed\n" },
    };
    for (const auto& c : cases) {
        INFO(c.sig);
        for (const QString& pubkey : { kPubFile, kPubBase64 }) {
            const Run r = ctl.verify(pubkey, vector(c.sig), vector("test.txt"));
            INFO(r);
            CHECK(r.exitCode == 0);
            CHECK(r.out == QByteArray(c.comment));
            CHECK(r.err.isEmpty());
        }
    }
}

TEST_CASE("wardctl crypto verify refuses a changed file, another key and a legacy signature when asked",
    "[wardctl][minisign]")
{
    const Verify ctl;
    const QString tampered = ctl.home().filePath(QStringLiteral("test.txt"));
    test::writeFile(tampered, "Test");

    SECTION("a changed file")
    {
        for (const char* sig : { "test.txt.legacy.minisig", "test.txt.prehashed.minisig" }) {
            checkFailure(ctl.verify(kPubFile, vector(sig), tampered), 1, "does not match the file");
        }
    }
    SECTION("another public key")
    {
        checkFailure(ctl.verify(kOtherKey, vector("test.txt.prehashed.minisig"), vector("test.txt")), 1,
            "E7620F1842B4E81F");
    }
    SECTION("a changed trusted comment")
    {
        QByteArray text = test::readFile(vector("test.txt.prehashed.minisig"));
        text.replace("file:test", "file:evil");
        const QString sig = ctl.home().filePath(QStringLiteral("changed.minisig"));
        test::writeFile(sig, text);
        checkFailure(ctl.verify(kPubFile, sig, vector("test.txt")), 1, "trusted comment");
    }
    SECTION("a legacy signature with --prehashed-only")
    {
        checkFailure(
            ctl.run({ QStringLiteral("--pubkey"), kPubFile, QStringLiteral("--sig"),
                vector("test.txt.legacy.minisig"), QStringLiteral("--prehashed-only"), vector("test.txt") }),
            1, "legacy");
        const Run prehashed = ctl.run({ QStringLiteral("--pubkey"), kPubFile, QStringLiteral("--sig"),
            vector("test.txt.prehashed.minisig"), QStringLiteral("--prehashed-only"), vector("test.txt") });
        INFO(prehashed);
        CHECK(prehashed.exitCode == 0);
    }
    SECTION("files that are missing or not minisign")
    {
        checkFailure(ctl.verify(ctl.home().filePath(QStringLiteral("missing.pub")),
                         vector("test.txt.prehashed.minisig"), vector("test.txt")),
            1, "does not exist");
        checkFailure(
            ctl.verify(kPubFile, vector("test.txt"), vector("test.txt")), 1, "lines, but this one has 1");
        checkFailure(ctl.verify(kPubFile, vector("test.txt.prehashed.minisig"),
                         ctl.home().filePath(QStringLiteral("none"))),
            1, "could not be opened");
        checkFailure(
            ctl.verify(QStringLiteral("not-a-key"), vector("test.txt.prehashed.minisig"), vector("test.txt")),
            1, "base64");
    }
    SECTION("usage errors")
    {
        checkFailure(ctl.run({ QStringLiteral("--pubkey"), kPubFile, vector("test.txt") }), 2, "--sig");
        checkFailure(
            ctl.run({ QStringLiteral("--sig"), vector("test.txt.prehashed.minisig"), vector("test.txt") }), 2,
            "--pubkey");
        checkFailure(ctl.run({ QStringLiteral("--pubkey"), kPubFile, QStringLiteral("--sig"),
                         vector("test.txt.prehashed.minisig") }),
            2, "one FILE");
        checkFailure(
            ctl.run({ QStringLiteral("--pubkey"), kPubFile, QStringLiteral("--sig"),
                vector("test.txt.prehashed.minisig"), QStringLiteral("--force"), vector("test.txt") }),
            2, "unknown option --force");
    }
}
