// What the offscreen UI tests share: a real WardApplication on a temporary profile with a movable clock,
// and the first-run steps every flow starts with.
#pragma once

#include "UiDriver.h"

#include "crypto/SecretBytes.h"
#include "store/Profile.h"

#include <QTemporaryDir>

#include <atomic>
#include <memory>

namespace ward::test {

extern const QString kPassphrase;

crypto::SecretBytes secret(const QString& text);

struct App {
    QTemporaryDir dir;
    std::shared_ptr<std::atomic<std::int64_t>> now
        = std::make_shared<std::atomic<std::int64_t>>(1'800'000'000'000);
    // Off: the clinic screens are looked at without a server.
    bool connectToClinic = true;
    std::unique_ptr<ui::WardApplication> app;
    std::unique_ptr<UiDriver> ui;

    store::ProfileOptions options() const;
    void start();
    // Adds visits through core while the app is locked, as a finished call would.
    void addVisitsWhileLocked();
};

void checkEveryControlIsNamed(const UiDriver& ui);
// Creates the profile through the first-run screen and passes the join screen with "Not now".
void createThroughScreen(App& a);

} // namespace ward::test
