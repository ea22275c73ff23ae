// wardctl end to end, as a script or IT would run it: a real process, the passphrase on stdin, exit statuses
// and output checked. Every failure must print exactly one line on stderr.
#include "TestSupport.h"
#include "WardctlRunner.h"

#include "store/Database.h"
#include "store/ProfilePaths.h"
#include "store/Vault.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <signal.h>

using namespace ward;
using namespace ward::store;

namespace {

using test::Wardctl;
using test::WardctlRun;
using Run = WardctlRun;

std::int64_t addVisit(const Wardctl& ctl, const QString& with, const QString& reason, const QString& notes)
{
    const Run r = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("add"), QStringLiteral("--with"),
        with, QStringLiteral("--reason"), reason, QStringLiteral("--notes"), notes });
    INFO(r);
    REQUIRE(r.exitCode == 0);
    bool ok = false;
    const std::int64_t id = r.out.trimmed().toLongLong(&ok);
    REQUIRE(ok);
    REQUIRE(id > 0);
    return id;
}

const auto checkFailure = test::checkWardctlFailure;

} // namespace

TEST_CASE("wardctl creates a profile and adds, lists, shows and searches visits", "[wardctl]")
{
    Wardctl ctl;
    ctl.init();
    CHECK(QFileInfo::exists(ctl.paths().vault()));
    CHECK(QFileInfo::exists(ctl.paths().database()));

    const std::int64_t id = addVisit(ctl, QStringLiteral("Dr. Okafor"),
        QStringLiteral("Cardiology follow-up"), QStringLiteral("Blood pressure stable."));
    const std::int64_t other
        = addVisit(ctl, QStringLiteral("Dr. Lind"), QStringLiteral("Rash"), QStringLiteral("Eczema."));
    CHECK(other != id);

    SECTION("visit list")
    {
        const Run r = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") });
        INFO(r);
        REQUIRE(r.exitCode == 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].startsWith(QByteArray::number(other) + '\t')); // newest first
        CHECK(lines[1].startsWith(QByteArray::number(id) + '\t'));
        CHECK(lines[1].contains("Dr. Okafor"));
        CHECK(lines[1].contains("Cardiology follow-up"));
    }
    SECTION("visit list --json")
    {
        const Run r
            = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list"), QStringLiteral("--json") });
        INFO(r);
        REQUIRE(r.exitCode == 0);
        QJsonParseError error {};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        REQUIRE(error.error == QJsonParseError::NoError);
        REQUIRE(doc.isArray());
        REQUIRE(doc.array().size() == 2);
        const QJsonObject visit = doc.array().at(1).toObject();
        CHECK(visit.value(QStringLiteral("id")).toInteger() == id);
        CHECK(visit.value(QStringLiteral("with")).toString() == QStringLiteral("Dr. Okafor"));
        CHECK(visit.value(QStringLiteral("reason")).toString() == QStringLiteral("Cardiology follow-up"));
        CHECK(visit.value(QStringLiteral("notes")).toString() == QStringLiteral("Blood pressure stable."));
    }
    SECTION("visit show ID")
    {
        const Run r = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("show"), QString::number(id) });
        INFO(r);
        REQUIRE(r.exitCode == 0);
        CHECK(r.out.contains("Dr. Okafor"));
        CHECK(r.out.contains("Cardiology follow-up"));
        CHECK(r.out.contains("Blood pressure stable."));
    }
    SECTION("visit show ID --json")
    {
        const Run r = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("show"), QString::number(id),
            QStringLiteral("--json") });
        INFO(r);
        REQUIRE(r.exitCode == 0);
        QJsonParseError error {};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        REQUIRE(error.error == QJsonParseError::NoError);
        REQUIRE(doc.isObject());
        CHECK(doc.object().value(QStringLiteral("id")).toInteger() == id);
        CHECK(doc.object().value(QStringLiteral("notes")).toString()
            == QStringLiteral("Blood pressure stable."));
    }
    SECTION("visit search TEXT")
    {
        const Run r
            = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("search"), QStringLiteral("cardio") });
        INFO(r);
        REQUIRE(r.exitCode == 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].startsWith(QByteArray::number(id) + '\t'));

        const Run none
            = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("search"), QStringLiteral("\"NEAR(") });
        INFO(none);
        CHECK(none.exitCode == 0);
        CHECK(none.out.isEmpty());
    }
    SECTION("visit show of a missing id")
    {
        checkFailure(
            ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("show"), QStringLiteral("9999") }), 1);
    }
}

TEST_CASE("wardctl audit list shows what happened", "[wardctl]")
{
    Wardctl ctl;
    ctl.init();
    const std::int64_t id
        = addVisit(ctl, QStringLiteral("Dr. Okafor"), QStringLiteral("Check-up"), QStringLiteral("Fine."));
    REQUIRE(
        ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("show"), QString::number(id) }).exitCode == 0);
    REQUIRE(
        ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list"), QStringLiteral("--json") }).exitCode
        == 0);

    const Run r = ctl.unlocked({ QStringLiteral("audit"), QStringLiteral("list") });
    INFO(r);
    REQUIRE(r.exitCode == 0);
    for (const char* event :
        { "profile.created", "profile.unlocked", "visit.created", "visit.viewed", "visit.exported" }) {
        INFO(event);
        CHECK(r.out.contains(QByteArray(event)));
    }
    CHECK_FALSE(r.out.contains("Okafor")); // no PHI in the audit log

    const Run json
        = ctl.unlocked({ QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--json") });
    REQUIRE(json.exitCode == 0);
    const QJsonDocument doc = QJsonDocument::fromJson(json.out);
    REQUIRE(doc.isArray());
    CHECK(doc.array().last().toObject().value(QStringLiteral("event")).toString()
        == QStringLiteral("audit.exported"));

    const Run verify = ctl.unlocked({ QStringLiteral("audit"), QStringLiteral("verify") });
    INFO(verify);
    CHECK(verify.exitCode == 0);
    CHECK(verify.err.isEmpty());
}

TEST_CASE("wardctl audit verify names a tampered entry", "[wardctl]")
{
    Wardctl ctl;
    ctl.init();
    addVisit(ctl, QStringLiteral("Dr. Okafor"), QStringLiteral("Check-up"), QStringLiteral("Fine."));
    REQUIRE(ctl.unlocked({ QStringLiteral("audit"), QStringLiteral("verify") }).exitCode == 0);

    {
        // What someone with the passphrase and an SQL shell could do: open the database with the key from
        // the vault and rewrite an entry.
        auto vault = Vault::read(ctl.paths().vault());
        REQUIRE(vault.ok());
        auto key = Vault::openDatabaseKey(vault.value(), test::secret(test::kPassphrase));
        REQUIRE(key.ok());
        auto db = Database::open(
            ctl.paths().database(), key.value(), vault->header().cipher, Database::Mode::OpenExisting);
        REQUIRE(db.ok());
        REQUIRE(db->exec("UPDATE audit_log SET detail = 'visit 7' WHERE seq = 3").ok());
    }

    const Run r = ctl.unlocked({ QStringLiteral("audit"), QStringLiteral("verify") });
    checkFailure(r, 1);
    CHECK(r.err.contains("Entry 3"));
    CHECK(r.out.isEmpty());
}

TEST_CASE("wardctl refuses a wrong passphrase with status 3 and then throttles", "[wardctl]")
{
    Wardctl ctl;
    ctl.init();
    const QByteArray vaultBefore = test::fileHash(ctl.paths().vault());
    for (int i = 0; i < 3; ++i) {
        const Run r
            = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") }, test::kOtherPassphrase);
        checkFailure(r, 3);
        CHECK_FALSE(r.err.contains(test::kOtherPassphrase));
        CHECK(r.out.isEmpty());
    }
    const Run throttled = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") });
    checkFailure(throttled, 4);
    CHECK(throttled.out.isEmpty());
    CHECK(throttled.err.contains("seconds"));
    CHECK(test::fileHash(ctl.paths().vault()) == vaultBefore);
}

TEST_CASE("wardctl treats an empty passphrase line as a wrong passphrase", "[wardctl]")
{
    Wardctl ctl;
    ctl.init();
    const Run r = ctl.run(
        { QStringLiteral("visit"), QStringLiteral("list"), QStringLiteral("--passphrase-stdin") }, "\n");
    checkFailure(r, 3);
    CHECK(ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") }).exitCode == 0);
}

TEST_CASE("wardctl passwd changes the passphrase", "[wardctl]")
{
    Wardctl ctl;
    ctl.init();
    const std::int64_t id
        = addVisit(ctl, QStringLiteral("Dr. Okafor"), QStringLiteral("Check-up"), QStringLiteral("Fine."));

    const Run r = ctl.run({ QStringLiteral("passwd"), QStringLiteral("--passphrase-stdin") },
        QByteArray(test::kPassphrase) + '\n' + test::kOtherPassphrase + '\n');
    INFO(r);
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.isEmpty());

    checkFailure(ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") }), 3);
    const Run list
        = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") }, test::kOtherPassphrase);
    INFO(list);
    REQUIRE(list.exitCode == 0);
    CHECK(list.out.startsWith(QByteArray::number(id) + '\t'));

    SECTION("a weak new passphrase is refused and the current one still works")
    {
        const Run weak = ctl.run({ QStringLiteral("passwd"), QStringLiteral("--passphrase-stdin") },
            QByteArray(test::kOtherPassphrase) + "\npassword1234\n");
        checkFailure(weak, 1);
        CHECK(
            ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") }, test::kOtherPassphrase).exitCode
            == 0);
    }
}

TEST_CASE("wardctl never takes a passphrase as an argument", "[wardctl]")
{
    Wardctl ctl;
    SECTION("init")
    {
        for (const QStringList& args : { QStringList { QStringLiteral("init"), QStringLiteral("--passphrase"),
                                             QStringLiteral("secret") },
                 QStringList {
                     QStringLiteral("init"), QStringLiteral("--passphrase=secret passphrase here") } }) {
            INFO(args.join(QLatin1Char(' ')).toStdString());
            checkFailure(ctl.run(args, QByteArray(test::kPassphrase) + '\n'), 2);
            CHECK_FALSE(QFileInfo::exists(ctl.profile()));
        }
    }
    SECTION("a command on an existing profile")
    {
        ctl.init();
        const auto before = test::hashFolder(ctl.profile());
        const Run r = ctl.run({ QStringLiteral("visit"), QStringLiteral("add"), QStringLiteral("--with"),
                                  QStringLiteral("X"), QStringLiteral("--reason"), QStringLiteral("Y"),
                                  QStringLiteral("--passphrase"), QString::fromLatin1(test::kPassphrase) },
            QByteArray(test::kPassphrase) + '\n');
        checkFailure(r, 2);
        CHECK_FALSE(r.err.contains(test::kPassphrase));
        CHECK(test::hashFolder(ctl.profile()) == before); // not even an unlock attempt
    }
}

TEST_CASE("wardctl requires --passphrase-stdin", "[wardctl]")
{
    Wardctl ctl;
    checkFailure(ctl.run({ QStringLiteral("init") }, QByteArray(test::kPassphrase) + '\n'), 2);
    CHECK_FALSE(QFileInfo::exists(ctl.profile()));

    ctl.init();
    const auto before = test::hashFolder(ctl.profile());
    for (const QStringList& args : { QStringList { QStringLiteral("visit"), QStringLiteral("list") },
             QStringList { QStringLiteral("visit"), QStringLiteral("show"), QStringLiteral("1") },
             QStringList { QStringLiteral("audit"), QStringLiteral("verify") },
             QStringList { QStringLiteral("passwd") } }) {
        INFO(args.join(QLatin1Char(' ')).toStdString());
        checkFailure(ctl.run(args, QByteArray(test::kPassphrase) + '\n'), 2);
    }
    CHECK(test::hashFolder(ctl.profile()) == before);
}

TEST_CASE("wardctl refuses unknown options and commands with status 2", "[wardctl]")
{
    Wardctl ctl;
    ctl.init();
    const auto before = test::hashFolder(ctl.profile());
    for (const QStringList& args : {
             QStringList { QStringLiteral("frobnicate") },
             QStringList { QStringLiteral("visit"), QStringLiteral("frobnicate"),
                 QStringLiteral("--passphrase-stdin") },
             QStringList { QStringLiteral("audit"), QStringLiteral("frobnicate"),
                 QStringLiteral("--passphrase-stdin") },
             QStringList { QStringLiteral("visit"), QStringLiteral("list"), QStringLiteral("--bogus"),
                 QStringLiteral("--passphrase-stdin") },
             QStringList { QStringLiteral("--bogus"), QStringLiteral("visit"), QStringLiteral("list") },
             QStringList { QStringLiteral("visit"), QStringLiteral("show"), QStringLiteral("abc"),
                 QStringLiteral("--passphrase-stdin") },
             QStringList { QStringLiteral("visit"), QStringLiteral("add"), QStringLiteral("--with"),
                 QStringLiteral("--passphrase-stdin") },
             QStringList { QStringLiteral("init"), QStringLiteral("--kdf-target-ms"), QStringLiteral("soon"),
                 QStringLiteral("--passphrase-stdin") },
         }) {
        INFO(args.join(QLatin1Char(' ')).toStdString());
        checkFailure(ctl.run(args, QByteArray(test::kPassphrase) + '\n'), 2);
    }
    CHECK(test::hashFolder(ctl.profile()) == before);
}

TEST_CASE("wardctl init refuses a weak passphrase and an existing profile", "[wardctl]")
{
    Wardctl ctl;
    checkFailure(ctl.run({ QStringLiteral("init"), QStringLiteral("--passphrase-stdin"),
                             QStringLiteral("--kdf-target-ms"), QStringLiteral("0") },
                     "password1234\n"),
        1);
    CHECK(test::filesUnder(ctl.profile()).isEmpty());

    ctl.init();
    const auto before = test::hashFolder(ctl.profile());
    checkFailure(ctl.run({ QStringLiteral("init"), QStringLiteral("--passphrase-stdin"),
                             QStringLiteral("--kdf-target-ms"), QStringLiteral("0") },
                     QByteArray(test::kOtherPassphrase) + '\n'),
        1);
    CHECK(test::hashFolder(ctl.profile()) == before);
}

TEST_CASE("wardctl reports a missing or damaged profile in one line", "[wardctl]")
{
    Wardctl ctl;
    SECTION("no profile in the folder")
    {
        const Run r = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") });
        checkFailure(r, 1);
        CHECK(r.err.contains(ctl.profile().toUtf8()));
        CHECK_FALSE(QFileInfo::exists(ctl.paths().vault()));
    }
    SECTION("a damaged vault")
    {
        ctl.init();
        const QByteArray vault = test::readFile(ctl.paths().vault());
        test::writeFile(ctl.paths().vault(), vault.left(vault.size() / 2));
        const Run r = ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") });
        checkFailure(r, 1);
        CHECK(r.err.contains(ctl.paths().vault().toUtf8()));
        CHECK(test::readFile(ctl.paths().vault()) == vault.left(vault.size() / 2));
    }
    SECTION("no passphrase on standard input")
    {
        ctl.init();
        const Run r = ctl.run(
            { QStringLiteral("visit"), QStringLiteral("list"), QStringLiteral("--passphrase-stdin") });
        checkFailure(r, 1);
    }
}

TEST_CASE("wardctl init killed before it finished can be run again", "[wardctl][crash]")
{
    Wardctl ctl;
    // A slow key derivation (calibrated to 3 s) keeps init busy after it has created the database; the kill
    // lands in that window, as a power cut or a closed terminal would.
    QProcess init;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TMPDIR"), QDir::tempPath());
    init.setProcessEnvironment(env);
    init.start(QStringLiteral(WARD_WARDCTL_PATH),
        { QStringLiteral("--profile"), ctl.profile(), QStringLiteral("init"),
            QStringLiteral("--passphrase-stdin"), QStringLiteral("--kdf-target-ms"),
            QStringLiteral("3000") });
    REQUIRE(init.waitForStarted(30'000));
    init.write(QByteArray(test::kPassphrase) + '\n');
    init.closeWriteChannel();
    QElapsedTimer timer;
    timer.start();
    while (!QFileInfo::exists(ctl.paths().database()) && init.state() == QProcess::Running) {
        REQUIRE(timer.elapsed() < 60'000);
        init.waitForFinished(5);
    }
    REQUIRE(init.state() == QProcess::Running);
    REQUIRE(::kill(static_cast<pid_t>(init.processId()), SIGKILL) == 0);
    REQUIRE(init.waitForFinished(30'000));
    REQUIRE_FALSE(QFileInfo::exists(ctl.paths().vault())); // killed before the profile existed

    // The person tries again; the half-made profile (whose key died with the process) must not block them.
    const Run again = ctl.run({ QStringLiteral("init"), QStringLiteral("--passphrase-stdin"),
                                  QStringLiteral("--kdf-target-ms"), QStringLiteral("0") },
        QByteArray(test::kPassphrase) + '\n');
    INFO(again);
    CHECK(again.exitCode == 0);
    CHECK(ctl.unlocked({ QStringLiteral("visit"), QStringLiteral("list") }).exitCode == 0);
}

TEST_CASE("wardctl without a command says so in one line", "[wardctl]")
{
    Wardctl ctl;
    const Run r = ctl.run({});
    checkFailure(r, 2);
    const Run help = ctl.run({ QStringLiteral("--help") });
    CHECK(help.exitCode == 0);
    CHECK(help.out.contains("Usage: wardctl"));
    CHECK(help.err.isEmpty());
}
