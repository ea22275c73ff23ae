// The clinic screens offscreen, without a server: the join screen checks a pasted invitation link (a bad
// one shows the parser's sentence, a good one the address and fingerprint to compare), and the header's
// connection indicator shows every connection state, with the red banner for a changed server identity.
#include "UiTestApp.h"

#include "net/ServerAccount.h"
#include "protocol/EnrolmentLink.h"

#include <catch2/catch.hpp>

#include <QAccessible>
#include <QTest>

using ward::net::ConnectionState;
using ward::test::App;
using ward::test::checkEveryControlIsNamed;
using ward::test::kPassphrase;
using ward::test::secret;
using ward::test::UiDriver;
using ward::ui::SessionController;

namespace {

QByteArray filled(char byte, int size)
{
    return QByteArray(size, byte);
}

ward::crypto::SecretBytes goodLink()
{
    ward::protocol::EnrolmentLink link;
    link.host = QStringLiteral("clinic.example.org");
    link.port = 7443;
    const QByteArray code = filled('\x5a', ward::protocol::kInvitationCodeBytes);
    link.code = ward::crypto::SecretBytes(
        reinterpret_cast<const std::uint8_t*>(code.constData()), static_cast<std::size_t>(code.size()));
    link.certificatePin = filled('\x11', 32);
    link.organisationFingerprint
        = QByteArray::fromHex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    return link.build();
}

QString text(const ward::crypto::SecretBytes& bytes)
{
    return QString::fromLatin1(
        reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

void createAndStayOnJoinScreen(App& a)
{
    UiDriver& ui = *a.ui;
    ui.focus(QStringLiteral("newPassphraseInput"));
    ui.type(kPassphrase);
    ui.focus(QStringLiteral("confirmPassphraseInput"));
    ui.type(kPassphrase);
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitForState(SessionController::State::Unlocked));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("linkField")); }));
}

QString accessibleName(QQuickItem* item)
{
    QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(item);
    return accessible != nullptr ? accessible->text(QAccessible::Name) : QString();
}

} // namespace

TEST_CASE(
    "the join screen refuses a bad invitation link with the parser's sentence and shows a good one's clinic")
{
    App a;
    a.connectToClinic = false;
    a.start();
    UiDriver& ui = *a.ui;
    createAndStayOnJoinScreen(a);
    checkEveryControlIsNamed(ui);

    const QString bad = QStringLiteral("ward://enrol?v=1&server=clinic.example.org:7443");
    const auto expected = ward::protocol::EnrolmentLink::parse(secret(bad));
    REQUIRE_FALSE(expected.ok());
    ui.focus(QStringLiteral("linkField"));
    ui.type(bad);
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("onboardingMessage")); }));
    CHECK(ui.text(QStringLiteral("onboardingMessage")) == expected.error().message);
    // The field is emptied once the link is handed over: it holds a one-time secret.
    CHECK(ui.text(QStringLiteral("linkField")).isEmpty());
    CHECK(ui.visible(QStringLiteral("linkStep")));
    ui.screenshot(QStringLiteral("20-join-bad-link"));

    ui.focus(QStringLiteral("linkField"));
    ui.type(text(goodLink()));
    ui.click(QStringLiteral("linkButton"));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("confirmStep")); }));
    CHECK_FALSE(ui.visible(QStringLiteral("onboardingMessage")));
    CHECK(ui.text(QStringLiteral("serverAddress")) == QStringLiteral("clinic.example.org:7443"));
    CHECK(ui.visible(QStringLiteral("organisationFingerprint")));
    CHECK(accessibleName(ui.item(QStringLiteral("organisationFingerprint")))
        == QStringLiteral("Clinic fingerprint: ")
            + a.app->controller().enrolment()->organisationFingerprint());
    CHECK(a.app->controller().enrolment()->organisationFingerprint()
        == QStringLiteral("0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567 89ab cdef"));
    CHECK(ui.visible(QStringLiteral("joinButton")));
    checkEveryControlIsNamed(ui);
    ui.screenshot(QStringLiteral("21-join-compare-clinic"));

    ui.click(QStringLiteral("backButton"));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("linkStep")); }));
    ui.click(QStringLiteral("notNowButton"));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("joinClinicButton")); }));
    ui.click(QStringLiteral("joinClinicButton"));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("linkField")); }));
}

TEST_CASE("a ward link handed to the app opens on the join screen once the profile is unlocked")
{
    App a;
    a.connectToClinic = false;
    a.start();
    QString argument = text(goodLink());
    REQUIRE(a.app->links().acceptArgument(argument));
    CHECK(argument.trimmed().isEmpty()); // the copy Ward was given is overwritten
    UiDriver& ui = *a.ui;
    ui.focus(QStringLiteral("newPassphraseInput"));
    ui.type(kPassphrase);
    ui.focus(QStringLiteral("confirmPassphraseInput"));
    ui.type(kPassphrase);
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitForState(SessionController::State::Unlocked));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("confirmStep")); }));
    CHECK(ui.text(QStringLiteral("serverAddress")) == QStringLiteral("clinic.example.org:7443"));

    QString notWard = QStringLiteral("https://example.org/");
    CHECK_FALSE(a.app->links().acceptArgument(notWard));
}

TEST_CASE("the connection indicator shows each state, and a changed server identity raises the red banner")
{
    App a;
    a.connectToClinic = false;
    a.start();
    UiDriver& ui = *a.ui;
    ward::test::createThroughScreen(a);
    ui.click(QStringLiteral("lockButton"));
    REQUIRE(ui.waitForState(SessionController::State::Locked));
    {
        auto session = ward::store::Profile::unlock(a.dir.path(), secret(kPassphrase), a.options().clock);
        REQUIRE(session.ok());
        ward::net::ServerAccount account;
        account.host = QStringLiteral("clinic.example.org");
        account.port = 7443;
        account.certificatePin = filled('\x11', 32);
        account.organisationKey = filled('\x22', 32);
        account.issuerCertificate = filled('\x33', 120);
        account.serverName = QStringLiteral("Riverside Clinic");
        account.userId = QStringLiteral("maria.lopez");
        account.displayName = QStringLiteral("Maria Lopez");
        account.room = QStringLiteral("dr.ruiz");
        auto settings = session.value()->settings();
        REQUIRE(account.save(settings).ok());
    }
    ui.focus(QStringLiteral("unlockPassphraseInput"));
    ui.type(kPassphrase);
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitForState(SessionController::State::Unlocked));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("connectionIndicator")); }));
    CHECK_FALSE(ui.visible(QStringLiteral("joinClinicButton")));
    CHECK(ui.visible(QStringLiteral("patientRoom")));
    CHECK_FALSE(ui.visible(QStringLiteral("clinicianField"))); // the invitation named the room

    ward::ui::ConnectionStatus* status = a.app->controller().clinic()->connection();
    const ConnectionState states[]
        = { ConnectionState::Offline, ConnectionState::Connecting, ConnectionState::SigningIn,
              ConnectionState::Online, ConnectionState::SignInNeeded, ConnectionState::CertificateMismatch };
    int shot = 30;
    for (const ConnectionState state : states) {
        const QString message = state == ConnectionState::SignInNeeded
            ? QStringLiteral("This device was revoked. Call your clinic to enrol it again.")
            : QString();
        status->update(state, message);
        const QString words = ward::net::connectionStateText(state);
        INFO("state " << words.toStdString());
        REQUIRE(ui.waitFor([&] { return ui.text(QStringLiteral("connectionText")) == words; }));
        CHECK(accessibleName(ui.item(QStringLiteral("connectionIndicator"))).contains(words));
        CHECK(
            ui.visible(QStringLiteral("mismatchBanner")) == (state == ConnectionState::CertificateMismatch));
        const bool prompt = state == ConnectionState::SignInNeeded;
        REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("signInMessage")) == prompt; }));
        if (prompt) {
            CHECK(ui.text(QStringLiteral("signInMessage")) == message);
            CHECK_FALSE(ui.visible(QStringLiteral("signInCodeField"))); // a patient has no code to type
        }
        ui.screenshot(QStringLiteral("%1-indicator-%2").arg(shot++).arg(static_cast<int>(state)));
    }
    status->update(ConnectionState::Online, {});
    checkEveryControlIsNamed(ui);
}
