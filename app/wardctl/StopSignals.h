// Turns SIGINT and SIGTERM into a Qt signal, so a long-running client command (checkin) can tell the
// server it is leaving before it exits. The handler only writes a byte to a pipe; the work happens in the
// event loop. One instance at a time; it restores the default handlers when destroyed.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace ward::ctl {

class StopSignals : public QObject {
    Q_OBJECT
public:
    explicit StopSignals(QObject* parent = nullptr);
    ~StopSignals() override;

signals:
    void stopRequested();

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace ward::ctl
