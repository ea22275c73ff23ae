// wardctl crypto verify on the published minisign vector files, as IT would run it on a download: exit 0
// and the trusted comment on stdout when the signature holds; a non-zero exit and one plain line on stderr
// saying why when the file was changed, the key is another one, or the command line is wrong.
#include "TestSupport.h"
#include "WardctlRunner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;

namespace {

using Run = test::WardctlRun;

QString vector(const char* name)
{
    return QStringLiteral(WARD_TEST_VECTORS_DIR "/minisign/") + QLatin1String(name);
}

const QString kPubFile = vector("minisign-test.pub");
const QString kPubBase64 = QStringLiteral("RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3");
const QString kOtherKey = QStringLiteral("RWRzq51bKcS8oJvZ4xEm+nRvGYPdsNRD3ciFPu1YJEL8Bl/3daWaj72r");

class Verify {
public:
    QString home() const { return m_ctl.home(); }

    Run run(const QStringList& args) const
    {
        return m_ctl.run(
            QStringList { QStringLiteral("crypto"), QStringLiteral("verify") } + args, {}, false);
    }

    Run verify(const QString& pubkey, const QString& sig, const QString& file) const
    {
        return run({ QStringLiteral("--pubkey"), pubkey, QStringLiteral("--sig"), sig, file });
    }

private:
    test::Wardctl m_ctl;
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
    const QString tampered = QDir(ctl.home()).filePath(QStringLiteral("test.txt"));
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
        const QString sig = QDir(ctl.home()).filePath(QStringLiteral("changed.minisig"));
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
        checkFailure(ctl.verify(QDir(ctl.home()).filePath(QStringLiteral("missing.pub")),
                         vector("test.txt.prehashed.minisig"), vector("test.txt")),
            1, "does not exist");
        checkFailure(
            ctl.verify(kPubFile, vector("test.txt"), vector("test.txt")), 1, "lines, but this one has 1");
        checkFailure(ctl.verify(kPubFile, vector("test.txt.prehashed.minisig"),
                         QDir(ctl.home()).filePath(QStringLiteral("none"))),
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
