// The desktop app as a person meets it, offscreen: create a profile, lock, a wrong passphrase, unlock,
// the visit history with search and details, the throttle countdown, and automatic logoff.
#include "UiDriver.h"

#include "store/Profile.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cstring>
#include <memory>

using ward::crypto::SecretBytes;
using ward::test::UiDriver;
using ward::ui::SessionController;
using ward::ui::WardApplication;

namespace {

const QString kPassphrase = QStringLiteral("orchard lantern voyage pebble");

SecretBytes secret(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return SecretBytes(
        reinterpret_cast<const std::uint8_t*>(utf8.constData()), static_cast<std::size_t>(utf8.size()));
}

struct App {
    QTemporaryDir dir;
    std::shared_ptr<std::atomic<std::int64_t>> now
        = std::make_shared<std::atomic<std::int64_t>>(1'800'000'000'000);
    std::unique_ptr<WardApplication> app;
    std::unique_ptr<UiDriver> ui;

    ward::store::ProfileOptions options() const
    {
        ward::store::ProfileOptions o;
        o.kdfTarget = std::chrono::milliseconds(0);
        o.clock = [clock = now] { return clock->load(); };
        return o;
    }

    void start()
    {
        WardApplication::chooseGraphicsBackend(true);
        app = std::make_unique<WardApplication>(WardApplication::Options { dir.path(), true, options() });
        REQUIRE(app->start().ok());
        app->window()->show();
        ui = std::make_unique<UiDriver>(*app);
        REQUIRE(QTest::qWaitForWindowExposed(app->window()));
        app->window()->requestActivate();
        REQUIRE(QTest::qWaitForWindowActive(app->window()));
    }

    // Adds visits through core while the app is locked, as a finished call would.
    void addVisitsWhileLocked()
    {
        auto session = ward::store::Profile::unlock(dir.path(), secret(kPassphrase), options().clock);
        REQUIRE(session.ok());
        ward::store::NewVisit first;
        first.startedAtMs = 1'799'000'000'000;
        first.otherParty = QStringLiteral("Dr. Ana Ruiz");
        first.reason = QStringLiteral("Follow-up on blood pressure");
        first.notes = QStringLiteral("BP 128/82 at home. Continue lisinopril 10 mg; recheck in four weeks.");
        REQUIRE(session.value()->visits().add(first).ok());
        ward::store::NewVisit second;
        second.startedAtMs = 1'799'500'000'000;
        second.otherParty = QStringLiteral("Nurse Sam Okafor");
        second.reason = QStringLiteral("Rash on forearm");
        second.notes = QStringLiteral("Photo reviewed; likely contact dermatitis. Hydrocortisone cream.");
        REQUIRE(session.value()->visits().add(second).ok());
    }
};

void checkEveryControlIsNamed(const UiDriver& ui)
{
    const QStringList missing = ui.controlsWithoutAccessibleName();
    INFO("controls without an accessible name: " << missing.join(QStringLiteral(", ")).toStdString());
    CHECK(missing.isEmpty());
}

void createThroughScreen(App& a)
{
    UiDriver& ui = *a.ui;
    REQUIRE(a.app->controller().state() == SessionController::State::NeedsProfile);
    checkEveryControlIsNamed(ui);
    ui.screenshot(QStringLiteral("01-create-empty"));

    ui.focus(QStringLiteral("newPassphraseInput"));
    ui.type(QStringLiteral("password1234"));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("passphraseProblem")); }));
    CHECK(ui.text(QStringLiteral("passphraseProblem")).contains(QStringLiteral("common")));
    CHECK_FALSE(ui.item(QStringLiteral("createButton"))->isEnabled());
    ui.screenshot(QStringLiteral("02-create-blocklisted"));

    ui.clearText(QStringLiteral("newPassphraseInput"));
    ui.focus(QStringLiteral("newPassphraseInput"));
    ui.type(kPassphrase);
    CHECK_FALSE(ui.visible(QStringLiteral("passphraseProblem")));
    // Keyboard only: Tab passes the Show button and lands in the confirmation field.
    ui.key(Qt::Key_Tab);
    ui.key(Qt::Key_Tab);
    ui.type(kPassphrase);
    REQUIRE(ui.item(QStringLiteral("createButton"))->isEnabled());
    ui.screenshot(QStringLiteral("03-create-ready"));
    ui.key(Qt::Key_Return);
    REQUIRE(ui.waitForState(SessionController::State::Unlocked));
    // The fields are cleared as soon as the passphrase is handed over.
    CHECK(a.app->controller().errorMessage().isEmpty());
}

} // namespace

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
