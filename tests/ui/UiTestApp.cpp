#include "UiTestApp.h"

#include <catch2/catch.hpp>

#include <QTest>

namespace ward::test {

using crypto::SecretBytes;
using ui::SessionController;
using ui::WardApplication;

const QString kPassphrase = QStringLiteral("orchard lantern voyage pebble");

SecretBytes secret(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return SecretBytes(
        reinterpret_cast<const std::uint8_t*>(utf8.constData()), static_cast<std::size_t>(utf8.size()));
}

store::ProfileOptions App::options() const
{
    store::ProfileOptions o;
    o.kdfTarget = std::chrono::milliseconds(0);
    o.clock = [clock = now] { return clock->load(); };
    return o;
}

void App::start()
{
    WardApplication::chooseGraphicsBackend(true);
    app = std::make_unique<WardApplication>(
        WardApplication::Options { dir.path(), true, options(), connectToClinic });
    REQUIRE(app->start().ok());
    app->window()->show();
    ui = std::make_unique<UiDriver>(*app);
    REQUIRE(QTest::qWaitForWindowExposed(app->window()));
    app->window()->requestActivate();
    REQUIRE(QTest::qWaitForWindowActive(app->window()));
}

void App::addVisitsWhileLocked()
{
    auto session = store::Profile::unlock(dir.path(), secret(kPassphrase), options().clock);
    REQUIRE(session.ok());
    store::NewVisit first;
    first.startedAtMs = 1'799'000'000'000;
    first.otherParty = QStringLiteral("Dr. Ana Ruiz");
    first.reason = QStringLiteral("Follow-up on blood pressure");
    first.notes = QStringLiteral("BP 128/82 at home. Continue lisinopril 10 mg; recheck in four weeks.");
    REQUIRE(session.value()->visits().add(first).ok());
    store::NewVisit second;
    second.startedAtMs = 1'799'500'000'000;
    second.otherParty = QStringLiteral("Nurse Sam Okafor");
    second.reason = QStringLiteral("Rash on forearm");
    second.notes = QStringLiteral("Photo reviewed; likely contact dermatitis. Hydrocortisone cream.");
    REQUIRE(session.value()->visits().add(second).ok());
}

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
    // A new profile has no clinic yet: "Not now" on the join screen leads to the history.
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("notNowButton")); }));
    ui.click(QStringLiteral("notNowButton"));
    REQUIRE(ui.waitFor([&] { return ui.visible(QStringLiteral("joinClinicButton")); }));
}

} // namespace ward::test
