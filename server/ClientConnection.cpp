#include "ClientConnection.h"

#include "RequestRouter.h"
#include "protocol/ProtocolLimits.h"

#include <QTimer>

#include <atomic>
#include <chrono>

namespace ward::server {

namespace {

std::atomic<std::uint64_t> g_nextConnectionId { 1 };

// A close frame's reason has room for 123 bytes of UTF-8.
QString closeReason(const QString& reason)
{
    QString text = reason.left(100);
    while (text.toUtf8().size() > 123) {
        text.chop(1);
    }
    return text;
}

protocol::ProtocolError protocolError(protocol::WireError wire, const QString& message)
{
    protocol::ProtocolError error;
    error.code = ErrorCode::InvalidArgument;
    error.wire = wire;
    error.message = message;
    return error;
}

} // namespace

ClientConnection::ClientConnection(QWebSocket* socket, const ConnectionLimits& limits,
    const RequestRouter& router, ServerStats& stats, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_router(router)
    , m_stats(stats)
    , m_id(g_nextConnectionId++)
    , m_peerAddress(addressText(socket->peerAddress()))
    , m_bucket(limits.requestsPerSecond, limits.requestBurst, monotonicMs())
    , m_lastHeardMs(monotonicMs())
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(protocol::kMaxFrameBytes));
    socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(protocol::kMaxFrameBytes));
    connect(socket, &QWebSocket::binaryMessageReceived, this, &ClientConnection::onBinaryMessage);
    connect(socket, &QWebSocket::textMessageReceived, this, &ClientConnection::onTextMessage);
    connect(socket, &QWebSocket::pong, this, [this] { m_lastHeardMs = monotonicMs(); });
    // Queued: the socket may report the disconnect from inside close() or abort(), and the server must
    // only forget this session from the event loop.
    connect(socket, &QWebSocket::disconnected, this, &ClientConnection::onDisconnected, Qt::QueuedConnection);
    // A client gone between its upgrade and now sends no further disconnected().
    if (socket->state() != QAbstractSocket::ConnectedState) {
        QMetaObject::invokeMethod(this, &ClientConnection::onDisconnected, Qt::QueuedConnection);
    }
}

ClientConnection::~ClientConnection() = default;

std::int64_t ClientConnection::monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

QString ClientConnection::addressText(const QHostAddress& address)
{
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    return isIpv4 ? QHostAddress(ipv4).toString() : address.toString();
}

void ClientConnection::send(const protocol::Message& message)
{
    if (m_closing || !m_socket) {
        return;
    }
    m_socket->sendBinaryMessage(message.encode());
}

void ClientConnection::close(const QString& reason)
{
    closeWith(QWebSocketProtocol::CloseCodeNormal, reason);
}

void ClientConnection::closeWith(QWebSocketProtocol::CloseCode code, const QString& reason)
{
    if (m_closing || !m_socket) {
        return;
    }
    m_closing = true;
    m_socket->close(code, closeReason(reason));
    // A peer that never answers the close frame is cut.
    QTimer::singleShot(m_limits.closeTimeoutMs, this, [this] {
        if (m_socket) {
            m_socket->abort();
        }
        onDisconnected();
    });
}

void ClientConnection::checkIdle(std::int64_t nowMs)
{
    if (m_closing || !m_socket) {
        return;
    }
    const std::int64_t silentMs = nowMs - m_lastHeardMs;
    if (silentMs >= m_limits.idleTimeoutMs) {
        closeWith(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("idle"));
    } else if (silentMs >= m_limits.pingAfterMs) {
        m_socket->ping();
    }
}

void ClientConnection::onBinaryMessage(const QByteArray& frame)
{
    if (m_closing) {
        return;
    }
    m_lastHeardMs = monotonicMs();
    auto message = protocol::Message::parse(frame);
    if (!message) {
        if (admitByRate(message.error().requestId)) {
            refuse(message.error().requestId, message.error());
        }
        return;
    }
    if (!admitByRate(message->id)) {
        return;
    }
    m_malformedInRow = 0;
    m_router.dispatch(*this, *message);
}

void ClientConnection::onTextMessage(const QString&)
{
    if (m_closing) {
        return;
    }
    m_lastHeardMs = monotonicMs();
    if (admitByRate(0)) {
        refuse(0,
            protocolError(protocol::WireError::Malformed,
                QStringLiteral("Send binary messages (CBOR); text messages are not part of the protocol.")));
    }
}

bool ClientConnection::admitByRate(std::uint64_t requestId)
{
    const std::int64_t now = monotonicMs();
    if (m_bucket.take(now)) {
        m_rateLimitedInRow = 0;
        return true;
    }
    m_stats.count(ServerStats::Counter::RateLimited);
    if (++m_rateLimitedInRow >= m_limits.maxRateLimitedInRow) {
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many requests"));
        return false;
    }
    QCborMap extra;
    extra.insert(QLatin1String("retryAfterMs"), static_cast<qint64>(m_bucket.retryAfterMs(now)));
    send(protocol::Message::error(requestId, protocol::WireError::RateLimited,
        QStringLiteral("Too many requests on this connection; wait a moment and try again."), extra));
    return false;
}

void ClientConnection::refuse(std::uint64_t requestId, const protocol::ProtocolError& error)
{
    m_stats.count(error.wire == protocol::WireError::TooLarge ? ServerStats::Counter::TooLarge
                                                              : ServerStats::Counter::Malformed);
    send(protocol::Message::error(requestId, error.wire, error.message));
    if (++m_malformedInRow >= m_limits.maxMalformedInRow) {
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many malformed messages"));
    }
}

void ClientConnection::onDisconnected()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_closing = true;
    // Qt closes a connection itself (code 1009) when a message exceeds the size set above.
    if (m_socket && m_socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData) {
        m_stats.count(ServerStats::Counter::TooLarge);
    }
    emit finished(this);
}

} // namespace ward::server
