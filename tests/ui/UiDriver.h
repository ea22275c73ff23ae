// Drives the real Ward window in tests the way a person would: focus, typing, Tab, Enter and clicks,
// finding controls by objectName. Waits are bounded and fail the test with a message.
#pragma once

#include "WardApplication.h"

#include <QQuickItem>
#include <QString>

#include <functional>

namespace ward::test {

class UiDriver {
public:
    explicit UiDriver(ui::WardApplication& app);

    QQuickItem* item(const QString& objectName) const;
    bool visible(const QString& objectName) const;
    QString text(const QString& objectName) const;

    void focus(const QString& objectName);
    void type(const QString& text); // ASCII
    void key(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void click(const QString& objectName);
    void clearText(const QString& objectName);

    bool waitFor(const std::function<bool()>& condition, int timeoutMs = 20'000);
    bool waitForState(ui::SessionController::State state);
    void screenshot(const QString& name) const;

    // Names of visible, enabled controls (buttons, text inputs) that have no accessible name.
    QStringList controlsWithoutAccessibleName() const;

private:
    ui::WardApplication& m_app;
};

} // namespace ward::test
