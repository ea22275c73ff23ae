// Accepts TCP connections and runs the TLS handshake on each (TLS 1.2 or later, the server's certificate),
// then hands the encrypted socket on for the WebSocket upgrade. Each new connection is first offered to an
// admission check (connection caps), and one that is not upgraded within the handshake timeout is cut, so
// a client that connects and stays silent, or sends garbage, costs only a socket for a few seconds.
// Server thread only.
#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>

class QSslSocket;

namespace ward::server {

class TlsListener : public QTcpServer {
    Q_OBJECT
public:
    // Returns false to refuse the connection; it is then closed at once.
    using Admission = std::function<bool(QSslSocket&)>;
    // Set on a socket once its WebSocket upgrade succeeded, which stops the handshake timeout from cutting
    // it.
    static constexpr char kUpgradedProperty[] = "wardUpgraded";

    TlsListener(QSslConfiguration configuration, int handshakeTimeoutMs, Admission admission,
        QObject* parent = nullptr);

    // Cuts every connection still in its TLS handshake or upgrade.
    void abortPending();

signals:
    void encrypted(QSslSocket* socket);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QSslConfiguration m_configuration;
    int m_handshakeTimeoutMs;
    Admission m_admission;
};

} // namespace ward::server
