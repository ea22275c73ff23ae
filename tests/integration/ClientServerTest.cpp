// The headless client against the real ward-server: invitations made by wardctl on the server's data
// folder, the real wardctl enrolling a clinician (TOTP codes computed here from the printed otpauth link)
// and a patient,
// whoami, a check-in that sees its place, a queue that shows the reason opened on the clinician's device,
// admission ending the check-in, and a wrong certificate pin refused with the call-the-clinic sentence.
#include "ClinicTestSupport.h"
#include "ServerProcess.h"
#include "TestSupport.h"
#include "TlsTestServer.h"
#include "WardctlRunner.h"

#include "crypto/credential/Role.h"
#include "protocol/EnrolmentLink.h"

#include <QDateTime>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;

namespace {

// An invitation made with `wardctl --server-data DIR invite create`, as clinic IT makes one.
QString invite(const test::ServerProcess& server, Role role, const QString& user, const QString& name,
    const QString& room = {})
{
    return test::createInvitation(server, crypto::credential::roleName(role), user, name, room);
}

class Running {
public:
    Running(const test::Wardctl& wardctl, const QStringList& args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), wardctl.home());
        env.insert(QStringLiteral("TMPDIR"), wardctl.home());
        m_process.setProcessEnvironment(env);
        m_process.start(QStringLiteral(WARD_WARDCTL_PATH),
            QStringList { QStringLiteral("--profile"), wardctl.profile() } + args
                + QStringList { QString::fromLatin1(test::kWardctlPassphraseFlag) });
        REQUIRE(m_process.waitForStarted(30'000));
        writeLine(test::kPassphrase);
    }
    ~Running()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }
    void writeLine(const QByteArray& line) { m_process.write(line + '\n'); }
    // Waits for a line on stdout that matches `pattern`; its first capture (or the whole line).
    QString waitForLine(const QString& pattern, int limitMs = 30'000)
    {
        const QRegularExpression re(pattern);
        QString found;
        const bool seen = test::waitFor(
            [&] {
                m_out += m_process.readAllStandardOutput();
                for (const QByteArray& line : m_out.split('\n')) {
                    const auto match = re.match(QString::fromUtf8(line));
                    if (match.hasMatch()) {
                        found = match.lastCapturedIndex() >= 1 ? match.captured(1) : match.captured(0);
                        return true;
                    }
                }
                return m_process.state() == QProcess::NotRunning;
            },
            limitMs);
        INFO(m_out.toStdString() << m_process.readAllStandardError().toStdString());
        REQUIRE(seen);
        REQUIRE_FALSE(found.isEmpty());
        return found;
    }
    test::WardctlRun finish()
    {
        m_process.closeWriteChannel();
        REQUIRE(test::waitFor([&] { return m_process.state() == QProcess::NotRunning; }, 60'000));
        test::WardctlRun run;
        run.exitCode = m_process.exitCode();
        run.out = m_out + m_process.readAllStandardOutput();
        run.err = m_process.readAllStandardError();
        return run;
    }

private:
    QProcess m_process;
    QByteArray m_out;
};

} // namespace

TEST_CASE("A patient checks in, the clinician sees the reason and admits them, all through wardctl",
    "[integration][clientserver]")
{
    test::ServerProcess server;
    server.start();
    test::Wardctl clinician;
    clinician.init();
    test::Wardctl patient;
    patient.init();
    test::Authenticator authenticator;

    {
        Running enrol(clinician,
            { QStringLiteral("enrol"),
                invite(server, Role::Clinician, QStringLiteral("dr.okafor"),
                    QStringLiteral("Dr. Adaeze Okafor")) });
        authenticator.setUri(test::secret(enrol.waitForLine(QStringLiteral("^otpauth: (otpauth://.+)$"))));
        enrol.writeLine(authenticator.nextCode());
        const auto run = enrol.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
        CHECK(run.out.endsWith("enrolled dr.okafor as clinician at Test Clinic\n"));
    }
    {
        Running enrol(patient,
            { QStringLiteral("enrol"),
                invite(server, Role::Patient, QStringLiteral("p.lindqvist"), QStringLiteral("Per Lindqvist"),
                    QStringLiteral("dr.okafor")) });
        const auto run = enrol.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
        CHECK(run.out == "enrolled p.lindqvist as patient at Test Clinic\n");
    }
    {
        Running whoami(patient, { QStringLiteral("whoami") });
        const auto run = whoami.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
        CHECK(run.out
            == QStringLiteral(
                "user: p.lindqvist\nname: Per Lindqvist\nrole: patient\nserver: Test Clinic (%1)\n")
                   .arg(
                       server.invitationAddress().section(u':', 0, 0) + u':' + QString::number(server.port()))
                   .toUtf8());
    }

    Running checkin(patient,
        { QStringLiteral("checkin"), QStringLiteral("--reason"), QStringLiteral("Rash on both forearms") });
    CHECK(checkin.waitForLine(QStringLiteral("^place (1 of 1)$")) == QStringLiteral("1 of 1"));

    {
        Running queue(clinician, { QStringLiteral("queue") });
        queue.writeLine(authenticator.nextCode());
        const auto run = queue.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
        CHECK(run.out.contains("p.lindqvist\tPer Lindqvist\t"));
        CHECK(run.out.contains("\twaiting\tRash on both forearms\n"));
    }
    QString visit;
    {
        Running admit(clinician, { QStringLiteral("admit"), QStringLiteral("p.lindqvist") });
        admit.writeLine(authenticator.nextCode());
        const auto run = admit.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
        const auto match = QRegularExpression(QStringLiteral("^admitted p\\.lindqvist visit=(\\S+)\n$"))
                               .match(QString::fromUtf8(run.out));
        REQUIRE(match.hasMatch());
        visit = match.captured(1);
    }
    const auto waited = checkin.finish();
    INFO(waited);
    CHECK(waited.exitCode == 0);
    CHECK(waited.out.endsWith(QStringLiteral("admitted visit=%1\n").arg(visit).toUtf8()));
}

TEST_CASE("An invitation with a wrong certificate pin is refused with the call-the-clinic sentence",
    "[integration][clientserver]")
{
    test::ServerProcess server;
    server.start();
    test::Wardctl patient;
    patient.init();
    auto link = protocol::EnrolmentLink::parse(test::secret(
        invite(server, Role::Patient, QStringLiteral("p.wrongpin"), QStringLiteral("Wrong Pin"))));
    REQUIRE(link.ok());
    link->certificatePin = test::randomBytes(32);
    const crypto::SecretBytes text = link->build();
    Running enrol(patient,
        { QStringLiteral("enrol"), QString::fromLatin1(text.chars(), static_cast<qsizetype>(text.size())) });
    const auto run = enrol.finish();
    test::checkWardctlFailure(run, 7);
    CHECK(run.err.contains("call the clinic"));
}
