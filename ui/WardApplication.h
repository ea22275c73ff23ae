// Wires the desktop app together: graphics back end (software rendering where there is no usable GPU,
// as on VDI/RDP thin clients), Qt Quick Controls style, the session view model and the QML engine.
// The app's main() and the UI tests use it alike, so tests drive exactly what people see.
#pragma once

#include "LinkReceiver.h"
#include "SessionController.h"

#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <memory>

namespace ward::ui {

class WardApplication {
public:
    struct Options {
        QString profileDir;
        bool forceSoftwareRendering = false;
        store::ProfileOptions profile;
        // Off in tests that look at the clinic screens without a server.
        bool connectToClinic = true;
    };

    // Call after QGuiApplication exists and before start().
    static void chooseGraphicsBackend(bool forceSoftware);

    explicit WardApplication(Options options);

    // Runs the encryption self-test and shows the main window; the error says why it could not.
    Status start();

    SessionController& controller() { return *m_controller; }
    LinkReceiver& links() { return *m_links; }
    QQmlApplicationEngine& engine() { return m_engine; }
    QQuickWindow* window() const;

private:
    Options m_options;
    std::shared_ptr<QrImageStore> m_images;
    std::unique_ptr<SessionController> m_controller;
    std::unique_ptr<LinkReceiver> m_links;
    QQmlApplicationEngine m_engine;
};

} // namespace ward::ui
