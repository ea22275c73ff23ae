// A real coturn TURN server (`turnserver`) for integration tests: started on a free loopback port with
// coturn's shared-secret REST authentication (the scheme ward-server mints credentials for), its realm,
// loopback peers allowed, no TLS or DTLS, no config file, no CLI, logging to stdout, and every file it
// writes in a temporary folder. Stopped by stop() or the destructor. The secret is a throw-away test
// value and goes on turnserver's command line; a clinic's real secret lives in turnserver.conf.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace ward::test {

class CoturnProcess {
public:
    static constexpr char kRealm[] = "ward.test";
    static constexpr char kHost[] = "127.0.0.1";

    // Starts turnserver with `sharedSecret` and waits until it has opened its listeners; fails the test
    // when it cannot.
    explicit CoturnProcess(const QByteArray& sharedSecret);
    ~CoturnProcess();
    CoturnProcess(const CoturnProcess&) = delete;
    CoturnProcess& operator=(const CoturnProcess&) = delete;

    quint16 port() const { return m_port; }
    // "turn:127.0.0.1:PORT?transport=udp", as ward-server hands it to clients.
    QString uri() const;
    // Everything turnserver wrote so far.
    QByteArray output();
    void stop();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};

} // namespace ward::test
