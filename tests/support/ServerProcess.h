// The real ward-server as a child process, for integration tests: start() initialises a data folder in a
// fresh temporary folder (clinic "Test Clinic"), runs the server on 127.0.0.1 with a free port, and waits
// for its "listening on" line; the pin and organisation fingerprint come from init's output. The server
// listens on the address init wrote into invitations, so links work as they are. stop() sends SIGTERM and
// returns the exit code; restart() runs again on the same data folder and port, as a clinic's server
// comes back where its clients expect it. A failure
// to start fails the test (Catch REQUIRE). The process is killed when the object dies.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace ward::test {

class ServerProcess {
public:
    // `extraRunArgs` are added to every `ward-server run` (e.g. --max-connections-per-address 5000).
    explicit ServerProcess(QStringList extraRunArgs = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    void start(); // init + run
    void restart(); // run again on the same data folder; the server must be stopped
    int stop(); // SIGTERM; the exit code (-1 when it crashed or did not exit within 20 s)
    void kill(); // SIGKILL, for crash tests

    quint16 port() const { return m_port; }
    QByteArray pin() const { return m_pin; } // 32 bytes
    QString pinHex() const { return m_pinHex; }
    QString fingerprint() const { return m_fingerprint; } // "xxxx xxxx ..." as init printed it
    QString dataDir() const; // the data folder (server.db, server.key, tls.crt, tls.key)
    QString invitationAddress() const { return m_address; } // the --address given to init
    // Everything the server wrote to stderr so far (its log): for counters and failure messages.
    QString log();

private:
    void run();

    QStringList m_extraRunArgs;
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_log;
    quint16 m_port = 0;
    QByteArray m_pin;
    QString m_pinHex;
    QString m_fingerprint;
    QString m_address;
};

// The path of the ward-server binary under test.
QString wardServerPath();

} // namespace ward::test
