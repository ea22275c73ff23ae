// The desktop app as a person meets it, offscreen: create a profile, lock, a wrong passphrase, unlock,
// the visit history with search and details, the throttle countdown, and automatic logoff.
#include "UiTestApp.h"

#include "store/Profile.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cstring>
#include <memory>

using ward::test::App;
using ward::test::checkEveryControlIsNamed;
using ward::test::createThroughScreen;
using ward::test::kPassphrase;
using ward::test::secret;
using ward::test::UiDriver;
using ward::ui::SessionController;

TEST_CASE("create then lock then a wrong passphrase then unlock and browse the history")
{
    App a;
    a.start();
    UiDriver& ui = *a.ui;
    createThroughScreen(a);

    REQUIRE(ui.visible(QStringLiteral("emptyState")));
    checkEveryControlIsNamed(ui);
    ui.screenshot(QStringLiteral("04-home-empty"));

    ui.click(QStringLiteral("lockButton"));
    REQUIRE(ui.waitForState(SessionController::State::Locked));
    a.addVisitsWhileLocked();

    ui.focus(QStringLiteral("unlockPassphraseInput"));
    ui.type(QStringLiteral("orchard lantern voyage pebbles"));
    ui.key(Qt::Key_Return);
    REQUIRE(
        ui.waitFor([&] { return !a.app->controller().busy() && ui.visible(QStringLiteral("unlockError")); }));
    CHECK(ui.text(QStringLiteral("unlockError")).contains(QStringLiteral("not correct")));
    CHECK(a.app->controller().state() == SessionController::State::Locked);
    CHECK(ui.text(QStringLiteral("unlockPassphraseInput")).isEmpty());
    checkEveryControlIsNamed(ui);
    ui.screenshot(QStringLiteral("05-unlock-wrong-passphrase"));

    ui.focus(QStringLiteral("unlockPassphraseInput"));
    ui.type(kPassphrase);
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitForState(SessionController::State::Unlocked));
    REQUIRE(ui.waitFor([&] { return a.app->controller().visits()->rowCount() == 2; }));
    CHECK_FALSE(ui.visible(QStringLiteral("emptyState")));
    CHECK(a.app->controller().visits()->index(0).data(ward::ui::VisitListModel::OtherPartyRole).toString()
        == QStringLiteral("Nurse Sam Okafor"));
    ui.screenshot(QStringLiteral("06-home-history"));

    ui.focus(QStringLiteral("searchField"));
    ui.type(QStringLiteral("lisino"));
    REQUIRE(ui.waitFor([&] { return a.app->controller().visits()->rowCount() == 1; }));
    // Down from the search field into the list, Enter opens the visit.
    ui.key(Qt::Key_Down);
    ui.key(Qt::Key_Down);
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("visitDetail")); }));
    CHECK(ui.text(QStringLiteral("detailTitle")).contains(QStringLiteral("Dr. Ana Ruiz")));
    CHECK(ui.text(QStringLiteral("notesArea")).contains(QStringLiteral("lisinopril")));
    checkEveryControlIsNamed(ui);
    ui.screenshot(QStringLiteral("07-home-detail"));

    ui.clearText(QStringLiteral("searchField"));
    ui.key(Qt::Key_L, Qt::ControlModifier);
    REQUIRE(ui.waitForState(SessionController::State::Locked));
    CHECK(a.app->controller().visits()->rowCount() == 0);
}

TEST_CASE("repeated wrong passphrases show a countdown and keep the button disabled")
{
    App a;
    a.start();
    UiDriver& ui = *a.ui;
    createThroughScreen(a);
    ui.click(QStringLiteral("lockButton"));
    REQUIRE(ui.waitForState(SessionController::State::Locked));

    for (int attempt = 0; attempt < 4; ++attempt) {
        ui.focus(QStringLiteral("unlockPassphraseInput"));
        ui.type(QStringLiteral("not the passphrase"));
        ui.key(Qt::Key_Return);
        REQUIRE(ui.waitFor([&] { return !a.app->controller().busy(); }));
    }
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("waitText")); }));
    CHECK(a.app->controller().waitSeconds() > 0);
    ui.clearText(QStringLiteral("unlockPassphraseInput"));
    ui.focus(QStringLiteral("unlockPassphraseInput"));
    ui.type(kPassphrase);
    CHECK_FALSE(ui.item(QStringLiteral("unlockButton"))->isEnabled());
    ui.screenshot(QStringLiteral("08-unlock-throttled"));

    // Once the wait is over (the clock moves on), the right passphrase opens the profile.
    a.now->fetch_add(10 * 60 * 1000);
    REQUIRE(ui.waitFor([&] { return a.app->controller().waitSeconds() == 0; }, 5000));
    ui.key(Qt::Key_Return);
    INFO(a.app->controller().errorMessage().toStdString());
    REQUIRE(ui.waitForState(SessionController::State::Unlocked));
}

TEST_CASE("the app locks itself after the idle timeout and wipes the session")
{
    App a;
    a.start();
    UiDriver& ui = *a.ui;
    createThroughScreen(a);
    a.app->controller().setIdleTimeout(std::chrono::milliseconds(1000));
    ui.focus(QStringLiteral("searchField"));
    ui.type(QStringLiteral("x")); // input restarts the timer
    REQUIRE(ui.waitForState(SessionController::State::Locked));
    CHECK(a.app->controller().errorMessage().contains(
        QStringLiteral("locked itself after 1 second without activity")));
    CHECK(a.app->controller().visits()->rowCount() == 0);
    ui.screenshot(QStringLiteral("09-unlock-after-idle"));

    auto session = ward::store::Profile::unlock(a.dir.path(), secret(kPassphrase), a.options().clock);
    REQUIRE(session.ok());
    auto entries = session.value()->audit().entries();
    REQUIRE(entries.ok());
    bool idleLock = false;
    for (const auto& e : entries.value()) {
        idleLock
            = idleLock || (e.event == QStringLiteral("profile.locked") && e.detail == QStringLiteral("idle"));
    }
    CHECK(idleLock);
}
