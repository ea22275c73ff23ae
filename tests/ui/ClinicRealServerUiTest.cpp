// The app against the real ward-server process, with invitations made by `wardctl --server-data` as the
// clinic's IT makes them. A clinician joins through the screens (link, fingerprint, authenticator set-up
// from the key shown for typing in, sign-in code), sees a patient checked in by the real wardctl with the
// reason opened on this device, and admits them; a patient joins through the screens, checks in, sees
// their place, and is admitted by a clinician using wardctl.
#include "ServerProcess.h"
#include "UiTestApp.h"

#include "crypto/otp/Base32.h"
#include "crypto/otp/OtpAuthUri.h"
#include "crypto/otp/Totp.h"
#include "net/ConnectionState.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>
#include <ostream>

using ward::net::ConnectionState;
using ward::test::App;
using ward::test::kPassphrase;
using ward::test::ServerProcess;
using ward::test::UiDriver;
using ward::ui::SessionController;

namespace {

// The passphrase of the wardctl profiles (the app's profiles use kPassphrase).
const QByteArray kWardctlPassphrase = QByteArrayLiteral("copper meadow signal harbour");

struct WardctlRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

std::ostream& operator<<(std::ostream& os, const WardctlRun& run)
{
    return os << "exit " << run.exitCode << "\nstdout: " << run.out.toStdString()
              << "\nstderr: " << run.err.toStdString();
}

// One person's wardctl: its own HOME and profile folder.
struct Wardctl {
    QTemporaryDir home;
    QString profile() const { return home.filePath(QStringLiteral("profile")); }
};

// wardctl running beside the app (the app's event loop keeps turning while it waits): `input` goes to
// stdin first (for a profile: the passphrase), further lines (authenticator codes) on request.
class Background {
public:
    Background(const Wardctl& wardctl, const QStringList& args, bool withProfile = true)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), wardctl.home.path());
        env.insert(QStringLiteral("TMPDIR"), wardctl.home.path());
        m_process.setProcessEnvironment(env);
        const QString passphraseStdin = QStringLiteral("--passphrase-stdin");
        m_process.start(QStringLiteral(WARD_WARDCTL_PATH),
            withProfile ? QStringList { QStringLiteral("--profile"), wardctl.profile() } + args
                    + QStringList { passphraseStdin }
                        : args);
        REQUIRE(m_process.waitForStarted(30'000));
        if (withProfile) {
            writeLine(kWardctlPassphrase);
        }
    }
    ~Background()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    void writeLine(const QByteArray& line) { m_process.write(line + '\n'); }
    // The first capture of the first stdout line matching `pattern`.
    QString waitForLine(const QString& pattern)
    {
        const QRegularExpression re(pattern);
        QString found;
        const bool seen = QTest::qWaitFor(
            [&] {
                m_out += m_process.readAllStandardOutput();
                for (const QByteArray& line : m_out.split('\n')) {
                    const auto match = re.match(QString::fromUtf8(line));
                    if (match.hasMatch()) {
                        found = match.captured(1);
                        return true;
                    }
                }
                return m_process.state() == QProcess::NotRunning;
            },
            60'000);
        INFO(m_out.toStdString() << m_process.readAllStandardError().toStdString());
        REQUIRE(seen);
        REQUIRE_FALSE(found.isEmpty());
        return found;
    }
    WardctlRun finish()
    {
        m_process.closeWriteChannel();
        REQUIRE(QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, 60'000));
        WardctlRun run;
        run.exitCode = m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        run.out = m_out + m_process.readAllStandardOutput();
        run.err = m_process.readAllStandardError();
        return run;
    }

private:
    QProcess m_process;
    QByteArray m_out;
};

void initWardctl(const Wardctl& wardctl)
{
    Background init(
        wardctl, { QStringLiteral("init"), QStringLiteral("--kdf-target-ms"), QStringLiteral("0") });
    const WardctlRun run = init.finish();
    INFO(run);
    REQUIRE(run.exitCode == 0);
}

// A one-time link from `wardctl --server-data DIR invite create`, on the server's own data folder.
QString invite(const ServerProcess& server, const QString& role, const QString& user, const QString& name,
    const QString& room = {})
{
    QStringList args { QStringLiteral("--server-data"), server.dataDir(), QStringLiteral("invite"),
        QStringLiteral("create"), QStringLiteral("--role"), role, QStringLiteral("--user"), user,
        QStringLiteral("--name"), name };
    if (!room.isEmpty()) {
        args += { QStringLiteral("--room"), room };
    }
    const Wardctl it;
    Background create(it, args, false);
    const WardctlRun run = create.finish();
    INFO(run);
    REQUIRE(run.exitCode == 0);
    const QString link = QString::fromLatin1(run.out).trimmed();
    REQUIRE(link.startsWith(QStringLiteral("ward://enrol?")));
    return link;
}

// The authenticator app: codes from the shared secret, never the same step twice (the server refuses a code
// it has already seen), waiting for the next step with the event loop running.
class Authenticator {
public:
    void setKey(const QString& grouped)
    {
        const QByteArray text = grouped.toLatin1();
        auto key = ward::crypto::otp::base32Decode(
            reinterpret_cast<const std::uint8_t*>(text.constData()), static_cast<std::size_t>(text.size()));
        REQUIRE(key.ok());
        m_secret.emplace(std::move(key).value());
    }
    void setUri(const QString& uri)
    {
        const QByteArray text = uri.toLatin1();
        auto parsed = ward::crypto::otp::OtpAuthUri::parse(
            reinterpret_cast<const std::uint8_t*>(text.constData()), static_cast<std::size_t>(text.size()));
        REQUIRE(parsed.ok());
        m_parameters = parsed->parameters;
        m_secret.emplace(std::move(parsed->secret));
    }
    QString nextCode()
    {
        REQUIRE(m_secret.has_value());
        const std::int64_t period = m_parameters.periodSeconds;
        REQUIRE(QTest::qWaitFor(
            [&] { return QDateTime::currentSecsSinceEpoch() / period > m_lastStep; }, 2 * 1000 * period));
        m_lastStep = QDateTime::currentSecsSinceEpoch() / period;
        auto code = ward::crypto::otp::totp(*m_secret, m_lastStep * period, m_parameters);
        REQUIRE(code.ok());
        return QString::fromLatin1(code->chars(), static_cast<qsizetype>(code->size()));
    }

private:
    std::optional<ward::crypto::SecretBytes> m_secret;
    ward::crypto::otp::OtpParameters m_parameters;
    std::int64_t m_lastStep = 0;
};

// A new profile whose first screen after creation is "Join your clinic"; the app's clock is the real one,
// since the server and wardctl live in real time.
void startOnJoinScreen(App& a)
{
    a.now->store(QDateTime::currentMSecsSinceEpoch());
    a.start();
    UiDriver& ui = *a.ui;
    ui.focus(QStringLiteral("newPassphraseInput"));
    ui.type(kPassphrase);
    ui.focus(QStringLiteral("confirmPassphraseInput"));
    ui.type(kPassphrase);
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitForState(SessionController::State::Unlocked));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("linkField")); }));
}

// Pastes the link, checks the clinic it names against what ward-server init printed, and joins.
void joinWithLink(App& a, const ServerProcess& server, const QString& link, const QString& shotPrefix)
{
    UiDriver& ui = *a.ui;
    ui.focus(QStringLiteral("linkField"));
    ui.type(link);
    ui.screenshot(shotPrefix + QStringLiteral("-join-link"));
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("confirmStep")); }));
    CHECK(ui.text(QStringLiteral("serverAddress")) == server.invitationAddress());
    CHECK(a.app->controller().enrolment()->organisationFingerprint() == server.fingerprint());
    ui.screenshot(shotPrefix + QStringLiteral("-join-compare"));
    ui.click(QStringLiteral("joinButton"));
}

// Whether some visible item under `root` shows exactly `text` (delegate labels have no objectName).
bool showsText(QQuickItem* root, const QString& text)
{
    if (root == nullptr) {
        return false;
    }
    if (root->isVisible() && root->property("text").toString() == text) {
        return true;
    }
    const auto children = root->childItems();
    return std::any_of(children.begin(), children.end(), [&](QQuickItem* c) { return showsText(c, text); });
}

QString onlineText()
{
    return ward::net::connectionStateText(ConnectionState::Online);
}

} // namespace

TEST_CASE("a clinician joins the real server through the screens, sees a patient's reason opened and admits "
          "them")
{
    ServerProcess server;
    server.start();
    const QString clinicianLink = invite(server, QStringLiteral("clinician"), QStringLiteral("dr.okafor"),
        QStringLiteral("Dr. Adaeze Okafor"));

    App a;
    startOnJoinScreen(a);
    UiDriver& ui = *a.ui;
    joinWithLink(a, server, clinicianLink, QStringLiteral("50-clinician"));

    // The authenticator set-up: the QR code of the real otpauth link, and the same key written out.
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("totpStep")); }));
    QQuickItem* qr = ui.item(QStringLiteral("totpQr"));
    REQUIRE(qr != nullptr);
    REQUIRE(ui.waitFor([&] { return qr->isVisible() && qr->property("status").toInt() == 1; })); // Ready
    CHECK(qr->property("implicitWidth").toInt() > 0);
    ui.screenshot(QStringLiteral("51-clinician-totp-qr"));
    ui.click(QStringLiteral("manualKeyButton"));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("manualKey")); }));
    Authenticator authenticator;
    authenticator.setKey(ui.text(QStringLiteral("manualKey")));

    ui.focus(QStringLiteral("enrolCodeField"));
    ui.type(authenticator.nextCode());
    ui.key(Qt::Key_Return);
    // Enrolled: a clinic role signs in with a fresh code before it is online.
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("signInCodeField")); }, 30'000));
    CHECK_FALSE(ui.visible(QStringLiteral("totpStep")));
    ui.focus(QStringLiteral("signInCodeField"));
    ui.type(authenticator.nextCode());
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.text(QStringLiteral("connectionText")) == onlineText(); }));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("queueEmpty")); }));
    CHECK_FALSE(ui.visible(QStringLiteral("signInDialog")));
    CHECK_FALSE(ui.visible(QStringLiteral("mismatchBanner")));
    ward::test::checkEveryControlIsNamed(ui);
    ui.screenshot(QStringLiteral("52-clinician-home-online"));

    // A patient enrolled and checked in with the real wardctl, the reason sealed to this device.
    Wardctl patient;
    initWardctl(patient);
    {
        Background enrol(patient,
            { QStringLiteral("enrol"),
                invite(server, QStringLiteral("patient"), QStringLiteral("p.lindqvist"),
                    QStringLiteral("Per Lindqvist")) });
        const WardctlRun run = enrol.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
    }
    const QString reason = QStringLiteral("Rash on both forearms since Tuesday");
    Background checkin(patient,
        { QStringLiteral("checkin"), QStringLiteral("--room"), QStringLiteral("dr.okafor"),
            QStringLiteral("--reason"), reason });
    CHECK(checkin.waitForLine(QStringLiteral("^place (1 of 1)$")) == QStringLiteral("1 of 1"));

    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("queueList")); }));
    QQuickItem* queue = ui.item(QStringLiteral("clinicianQueue"));
    REQUIRE(ui.waitFor([&] { return showsText(queue, QStringLiteral("Per Lindqvist")); }));
    REQUIRE(ui.waitFor([&] { return showsText(queue, reason); }));
    CHECK(ui.text(QStringLiteral("queueCount")) == QStringLiteral("1 waiting"));
    CHECK(a.app->controller().clinic()->queue()->message().isEmpty());
    ward::test::checkEveryControlIsNamed(ui);
    ui.screenshot(QStringLiteral("53-clinician-queue-real-patient"));

    ui.click(QStringLiteral("admitButton"));
    const WardctlRun waited = checkin.finish();
    INFO(waited);
    CHECK(waited.exitCode == 0);
    CHECK(QRegularExpression(QStringLiteral("admitted visit=\\S+\n$"))
              .match(QString::fromUtf8(waited.out))
              .hasMatch());
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("queueEmpty")); }));
}

TEST_CASE("a patient joins the real server through the screens, checks in, sees their place and is admitted")
{
    ServerProcess server;
    server.start();

    // The clinician, with wardctl: enrolment prints the otpauth link and reads the first code.
    Wardctl clinician;
    initWardctl(clinician);
    Authenticator authenticator;
    {
        Background enrol(clinician,
            { QStringLiteral("enrol"),
                invite(server, QStringLiteral("clinician"), QStringLiteral("dr.okafor"),
                    QStringLiteral("Dr. Adaeze Okafor")) });
        authenticator.setUri(enrol.waitForLine(QStringLiteral("^otpauth: (otpauth://.+)$")));
        enrol.writeLine(authenticator.nextCode().toLatin1());
        const WardctlRun run = enrol.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
    }

    App a;
    startOnJoinScreen(a);
    UiDriver& ui = *a.ui;
    joinWithLink(a, server,
        invite(server, QStringLiteral("patient"), QStringLiteral("p.lindqvist"),
            QStringLiteral("Per Lindqvist"), QStringLiteral("dr.okafor")),
        QStringLiteral("60-patient"));
    // A patient has no authenticator: joined, the app goes online by itself.
    REQUIRE(ui.waitFor([&] { return ui.text(QStringLiteral("connectionText")) == onlineText(); }, 30'000));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("patientRoom")); }));
    CHECK_FALSE(ui.visible(QStringLiteral("clinicianField"))); // the invitation named the room
    REQUIRE(ui.waitFor([&] { return ui.item(QStringLiteral("checkInButton"))->isEnabled(); }));
    ui.screenshot(QStringLiteral("61-patient-home-online"));

    const QString reason = QStringLiteral("Cough for two weeks, worse at night");
    ui.focus(QStringLiteral("reasonField"));
    ui.type(reason);
    ui.click(QStringLiteral("checkInButton"));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("placeText")); }));
    CHECK(ui.text(QStringLiteral("placeText")) == QStringLiteral("You are next in line"));
    CHECK(a.app->controller().clinic()->patientRoom()->place() == 1);
    CHECK(ui.visible(QStringLiteral("leaveButton")));
    ward::test::checkEveryControlIsNamed(ui);
    ui.screenshot(QStringLiteral("62-patient-waiting-place-1"));

    // The reason typed in the app opens on the clinician's device, and the admission reaches the app.
    {
        Background queue(clinician, { QStringLiteral("queue") });
        queue.writeLine(authenticator.nextCode().toLatin1());
        const WardctlRun run = queue.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
        CHECK(run.out.contains("p.lindqvist\tPer Lindqvist\t"));
        CHECK(run.out.contains(QStringLiteral("\twaiting\t%1\n").arg(reason).toUtf8()));
    }
    {
        Background admit(clinician, { QStringLiteral("admit"), QStringLiteral("p.lindqvist") });
        admit.writeLine(authenticator.nextCode().toLatin1());
        const WardctlRun run = admit.finish();
        INFO(run);
        REQUIRE(run.exitCode == 0);
        CHECK(run.out.startsWith("admitted p.lindqvist visit="));
    }
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("admittedText")); }));
    CHECK(
        a.app->controller().clinic()->patientRoom()->clinicianName() == QStringLiteral("Dr. Adaeze Okafor"));
    ui.screenshot(QStringLiteral("63-patient-admitted"));
}
