// Turns SIGTERM and SIGINT into a Qt signal on the event loop (the self-pipe trick: the handler only writes
// one byte to a pipe that a QSocketNotifier watches), so shutdown runs as ordinary code, not inside a
// signal handler. One instance per process.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace ward::server {

class ShutdownSignals : public QObject {
    Q_OBJECT
public:
    explicit ShutdownSignals(QObject* parent = nullptr);
    ~ShutdownSignals() override;
    bool installed() const { return m_notifier != nullptr; }

signals:
    void requested();

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace ward::server
