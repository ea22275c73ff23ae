// A WebSocket server over TLS in the test process, for client tests that need a real pinned connection but
// not the whole ward-server: it presents one of the test certificates in tests/vectors/tls ("server" or
// "other"), parses each binary frame as a protocol Message and hands it to the test's handler. restart()
// drops every client and listens again on the same port, as a restarted server would look to a client.
#pragma once

#include "protocol/Message.h"

#include <QByteArray>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>
#include <vector>

namespace ward::test {

// SHA-256 pin of a test certificate ("server" or "other").
QByteArray testCertificatePin(const char* name);

// Runs the Qt event loop until `done` or a generous deadline (a failure, not a measurement).
bool waitFor(const std::function<bool()>& done, int limitMs = 10'000);

class TlsTestServer {
public:
    using Handler = std::function<void(QWebSocket& client, const protocol::Message& request)>;

    explicit TlsTestServer(Handler handler, const char* certificateName = "server");
    ~TlsTestServer();
    TlsTestServer(const TlsTestServer&) = delete;
    TlsTestServer& operator=(const TlsTestServer&) = delete;

    std::uint16_t port() const { return m_port; }
    // WebSocket connections accepted so far (after TLS and the upgrade).
    int connections() const { return m_connections; }
    void restart();

    static void send(QWebSocket& client, const protocol::Message& message);

private:
    void accept();

    Handler m_handler;
    QWebSocketServer m_server;
    std::uint16_t m_port = 0;
    int m_connections = 0;
    std::vector<QWebSocket*> m_clients;
};

} // namespace ward::test
