// The header's connection indicator and the red banner driven by a real ClientSession over TLS: a server
// with the pinned certificate gets as far as sign-in; one showing another certificate is refused and the
// person is told not to continue.
#include "TlsTestServer.h"
#include "UiTestApp.h"

#include "net/ServerAccount.h"

#include <catch2/catch.hpp>

using ward::net::ConnectionState;
using ward::test::App;
using ward::test::kPassphrase;
using ward::test::secret;
using ward::test::TlsTestServer;
using ward::test::UiDriver;
using ward::ui::SessionController;

namespace {

// Enrols the profile (as if) with a patient account at 127.0.0.1:port pinned to the "server" test
// certificate, then unlocks it through the screen so the app connects.
void openWithAccount(App& a, std::uint16_t port)
{
    UiDriver& ui = *a.ui;
    ward::test::createThroughScreen(a);
    ui.click(QStringLiteral("lockButton"));
    REQUIRE(ui.waitForState(SessionController::State::Locked));
    {
        auto session = ward::store::Profile::unlock(a.dir.path(), secret(kPassphrase), a.options().clock);
        REQUIRE(session.ok());
        ward::net::ServerAccount account;
        account.host = QStringLiteral("127.0.0.1");
        account.port = port;
        account.certificatePin = ward::test::testCertificatePin("server");
        account.organisationKey = QByteArray(32, '\x22');
        account.issuerCertificate = QByteArray(120, '\x33');
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
}

} // namespace

TEST_CASE("a real connection to the pinned server shows progress in the indicator and no banner")
{
    TlsTestServer server([](QWebSocket&, const ward::protocol::Message&) {}, "server");
    App a;
    a.start();
    openWithAccount(a, server.port());
    UiDriver& ui = *a.ui;
    const QString signingIn = ward::net::connectionStateText(ConnectionState::SigningIn);
    REQUIRE(ui.waitFor([&] { return ui.text(QStringLiteral("connectionText")) == signingIn; }));
    CHECK_FALSE(ui.visible(QStringLiteral("mismatchBanner")));
}

TEST_CASE("a real server showing another certificate is refused and raises the red banner")
{
    TlsTestServer server([](QWebSocket&, const ward::protocol::Message&) {}, "other");
    App a;
    a.start();
    openWithAccount(a, server.port());
    UiDriver& ui = *a.ui;
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("mismatchBanner")); }));
    CHECK(ui.text(QStringLiteral("connectionText"))
        == ward::net::connectionStateText(ConnectionState::CertificateMismatch));
    CHECK(a.app->controller().clinic()->connection()->certificateMismatch());
    ui.screenshot(QStringLiteral("40-real-certificate-mismatch"));
}
