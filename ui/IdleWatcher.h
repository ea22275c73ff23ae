// Automatic logoff: watches the application's input events and emits idle() when none arrived for the
// timeout. Lives on the GUI thread.
#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace ward::ui {

class IdleWatcher : public QObject {
    Q_OBJECT
public:
    explicit IdleWatcher(QObject* parent = nullptr);

    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const;
    void start();
    void stop();

signals:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTimer m_timer;
};

} // namespace ward::ui
