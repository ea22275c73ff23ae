// Takes ward:// links handed to the app from outside: a command-line argument (how Linux desktops and
// Windows start a scheme handler), a QFileOpenEvent (macOS) and QDesktopServices' URL handler. An
// enrolment link is a bearer secret until it is used, so it moves into SecretBytes at once and the
// transient copies Qt hands over are overwritten.
#pragma once

#include "SessionController.h"

#include <QObject>
#include <QUrl>

namespace ward::ui {

class LinkReceiver : public QObject {
    Q_OBJECT
public:
    explicit LinkReceiver(SessionController& controller, QObject* parent = nullptr);
    ~LinkReceiver() override;

    // Registers for the ward scheme and for the application's open events.
    void install();
    // The command-line argument; false (with the controller's error set) when it is not a ward link.
    bool acceptArgument(QString& argument);

public slots:
    void openUrl(const QUrl& url);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    SessionController& m_controller;
};

} // namespace ward::ui
