// One WebSocket-over-TLS connection to a clinic server, below ClientSession and Enrolment. The server is
// accepted only when SHA-256 of its certificate (protocol::certificatePin) equals the pinned value: checked
// when TLS reports errors (only a matching certificate has them ignored) and again once the link is
// encrypted, so a certificate a public CA vouches for is refused just the same when it is another one. A
// mismatch ends the connection with Drop::CertificateMismatch and is never retried from here.
//
// Requests carry increasing ids; a reply is matched to its request by id, and a request left unanswered
// for kRequestTimeout fails. Pushes (id 0) go to pushReceived. Pings keep idle links alive and find dead
// ones. Frames over protocol::kMaxFrameBytes are refused both ways. Every pending request fails when the
// connection drops. Handlers may destroy the connection. QObject on its creating thread.
#pragma once

#include "protocol/Message.h"

#include <QByteArray>
#include <QCborMap>
#include <QObject>
#include <QString>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>

class QSslSocket;
class QTimer;
class QWebSocket;

namespace ward::net {

class ServerConnection : public QObject {
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(Result<QCborMap, protocol::ProtocolError>)>;
    enum class Drop { Lost, CertificateMismatch };

    static constexpr std::chrono::milliseconds kRequestTimeout { 15'000 };
    static constexpr std::chrono::milliseconds kPingInterval { 20'000 };
    // No frame or pong for this long means the link is dead.
    static constexpr std::chrono::milliseconds kSilenceLimit { 50'000 };

    ServerConnection(QString host, std::uint16_t port, QByteArray certificatePin, QObject* parent = nullptr);
    ~ServerConnection() override;

    void open();
    // Closes without emitting dropped().
    void close();
    bool isOpen() const { return m_open; }

    // The handler runs exactly once: with the reply body, the server's error, or a local failure (Offline
    // when not connected or the link dropped, TooLarge for a request over the frame limit).
    void request(const char* type, QCborMap body, ReplyHandler handler);

    // A failure as a ProtocolError with `wire` (used by callers that fail a request without sending it).
    static protocol::ProtocolError localError(protocol::WireError wire, const QString& message);

signals:
    // TLS is up with the pinned certificate and the WebSocket handshake is done.
    void opened();
    void dropped(ward::net::ServerConnection::Drop reason, const QString& detail);
    void pushReceived(const ward::protocol::Message& push);

private:
    struct Pending {
        ReplyHandler handler;
        QString type;
        QTimer* timer = nullptr;
    };

    QSslSocket* tlsSocket() const;
    bool peerMatchesPin() const;
    void onSslErrors();
    void onEncrypted();
    void onConnected();
    void onDisconnected();
    void onMessage(const QByteArray& frame);
    void onPing();
    void timeOut(std::uint64_t id);
    void drop(Drop reason, const QString& detail);
    void failAll(const QString& message);

    QString m_host;
    std::uint16_t m_port;
    QByteArray m_pin;
    QWebSocket* m_socket = nullptr;
    QTimer* m_pingTimer = nullptr;
    bool m_open = false;
    bool m_mismatch = false;
    std::int64_t m_lastHeardMs = 0;
    std::uint64_t m_nextId = 1;
    std::map<std::uint64_t, Pending> m_pending;
};

} // namespace ward::net
