// One client's WebSocket connection as a Session: binary frames in, each parsed and passed to the router;
// replies and pushes out. It enforces what every connection gets whoever is on it: binary messages only, a
// token-bucket rate limit, a cap on malformed messages in a row (then a policy-violation close), and an idle
// timeout kept alive by pings. close() only starts the closing handshake: the connection tells the server
// it is finished (finished()) from the event loop later, never from inside close(), because services close
// sessions while iterating over them. Server thread only.
#pragma once

#include "ServerStats.h"
#include "Session.h"
#include "TokenBucket.h"

#include <QObject>
#include <QPointer>
#include <QWebSocket>

namespace ward::server {

class RequestRouter;

struct ConnectionLimits {
    double requestsPerSecond = 30;
    double requestBurst = 60;
    int maxMalformedInRow = 20;
    int maxRateLimitedInRow = 200;
    std::int64_t pingAfterMs = 30'000; // of silence
    std::int64_t idleTimeoutMs = 90'000; // of silence, pongs included
    int closeTimeoutMs = 5'000; // for the peer to answer our close frame
};

class ClientConnection : public QObject, public Session {
    Q_OBJECT
public:
    ClientConnection(QWebSocket* socket, const ConnectionLimits& limits, const RequestRouter& router,
        ServerStats& stats, QObject* parent = nullptr);
    ~ClientConnection() override;

    std::uint64_t id() const override { return m_id; }
    QString peerAddress() const override { return m_peerAddress; }
    void send(const protocol::Message& message) override;
    void close(const QString& reason) override;

    void closeWith(QWebSocketProtocol::CloseCode code, const QString& reason);
    // Called periodically: pings a quiet peer, closes one that stayed silent too long.
    void checkIdle(std::int64_t nowMs);
    bool closing() const { return m_closing; }

    // A monotonic clock in ms for rate limits and idle checks (never the wall clock).
    static std::int64_t monotonicMs();
    // The peer's address as text; an IPv4 client of a dual-stack listener reads as plain IPv4, so per-address
    // limits see one address whichever way it came.
    static QString addressText(const QHostAddress& address);

signals:
    void finished(ClientConnection* connection);

private:
    void onBinaryMessage(const QByteArray& frame);
    void onTextMessage(const QString& text);
    void onDisconnected();
    void refuse(std::uint64_t requestId, const protocol::ProtocolError& error);
    bool admitByRate(std::uint64_t requestId);

    QPointer<QWebSocket> m_socket;
    ConnectionLimits m_limits;
    const RequestRouter& m_router;
    ServerStats& m_stats;
    std::uint64_t m_id;
    QString m_peerAddress;
    TokenBucket m_bucket;
    std::int64_t m_lastHeardMs;
    int m_malformedInRow = 0;
    int m_rateLimitedInRow = 0;
    bool m_closing = false;
    bool m_finished = false;
};

} // namespace ward::server
