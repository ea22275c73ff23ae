// A small blocking client for integration tests against the real ward-server: one TLS WebSocket that
// accepts the server's certificate only when its SHA-256 pin matches (as Ward's client does), raw sends for
// malformed-input tests, and request/reply with a timeout. Every wait runs the Qt event loop; nothing here
// is thread-safe. Messages the server sends are kept until a wait takes them.
#pragma once

#include "protocol/Message.h"

#include <QByteArray>
#include <QCborMap>
#include <QString>
#include <QWebSocket>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

namespace ward::test {

class TestClient {
public:
    // `expectedPin`: the 32-byte protocol::certificatePin the server's certificate must have.
    explicit TestClient(QByteArray expectedPin);
    ~TestClient();
    TestClient(const TestClient&) = delete;
    TestClient& operator=(const TestClient&) = delete;

    // Connects to wss://host:port/ and waits for the WebSocket upgrade. False on failure; then error() says
    // why and certificateMismatch() tells a pin refusal apart.
    bool connectTo(quint16 port, const QString& host = QStringLiteral("127.0.0.1"), int timeoutMs = 10'000);
    bool connected() const;
    bool certificateMismatch() const { return m_pinMismatch; }
    QString error() const { return m_error; }

    // One binary WebSocket message with exactly these bytes / one text message.
    void sendRaw(const QByteArray& bytes);
    void sendText(const QString& text);
    // Sends {v:1, t:type, id:<next id>, b:body} and returns the id used.
    std::uint64_t send(const QString& type, QCborMap body = {});
    // send() and then waitForReply(); nothing on timeout or disconnect.
    std::optional<protocol::Message> request(const QString& type, QCborMap body = {}, int timeoutMs = 5'000);
    // The next message the server sent with this id (0: the next error or push without an id).
    std::optional<protocol::Message> waitForReply(std::uint64_t id, int timeoutMs = 5'000);
    // The next push (id 0) of this type.
    std::optional<protocol::Message> waitForPush(const QString& type, int timeoutMs = 5'000);
    // Every message received and not yet taken by a wait, oldest first; and forgets them.
    std::deque<protocol::Message> takeAll();

    // Waits until the server closes the connection; true when it did.
    bool waitForDisconnected(int timeoutMs = 5'000);
    QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    void close();

private:
    std::optional<protocol::Message> waitFor(
        const std::function<bool(const protocol::Message&)>& wanted, int timeoutMs);
    void onSslErrors(const QList<QSslError>& errors);

    QByteArray m_expectedPin;
    QWebSocket m_socket;
    std::deque<protocol::Message> m_received;
    std::uint64_t m_nextId = 1;
    bool m_pinMismatch = false;
    bool m_disconnected = false;
    QString m_error;
};

} // namespace ward::test
