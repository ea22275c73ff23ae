#include "net/ServerConnection.h"

#include "protocol/CertificatePin.h"
#include "protocol/ProtocolLimits.h"

#include <QDateTime>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace ward::net {

namespace {

std::int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Pins are public, but comparing every byte costs nothing and leaks nothing about where they differ.
bool samePin(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size() || a.isEmpty()) {
        return false;
    }
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

} // namespace

ServerConnection::ServerConnection(
    QString host, std::uint16_t port, QByteArray certificatePin, QObject* parent)
    : QObject(parent)
    , m_host(std::move(host))
    , m_port(port)
    , m_pin(std::move(certificatePin))
{ }

ServerConnection::~ServerConnection()
{
    // Handlers are not called from the destructor: their owners are being torn down too.
    for (auto& [id, pending] : m_pending) {
        delete pending.timer;
    }
    m_pending.clear();
    if (m_socket != nullptr) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

protocol::ProtocolError ServerConnection::localError(protocol::WireError wire, const QString& message)
{
    protocol::ProtocolError error;
    error.code = ErrorCode::Io;
    error.wire = wire;
    error.message = message;
    return error;
}

void ServerConnection::open()
{
    if (m_socket != nullptr) {
        return;
    }
    m_mismatch = false;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(protocol::kMaxFrameBytes));
    m_socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(protocol::kMaxFrameBytes));
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_socket->setSslConfiguration(config);

    connect(m_socket, &QWebSocket::sslErrors, this, &ServerConnection::onSslErrors);
    connect(m_socket, &QWebSocket::connected, this, &ServerConnection::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &ServerConnection::onDisconnected);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &ServerConnection::onMessage);
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this] {
        drop(Drop::Lost, QStringLiteral("The server sent a text frame; Ward speaks binary frames only."));
    });
    connect(m_socket, &QWebSocket::pong, this, [this] { m_lastHeardMs = nowMs(); });
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (m_socket != nullptr && m_socket->state() == QAbstractSocket::UnconnectedState) {
            onDisconnected();
        }
    });

    QUrl url;
    url.setScheme(QStringLiteral("wss"));
    url.setHost(m_host);
    url.setPort(m_port);
    url.setPath(QStringLiteral("/"));
    m_socket->open(url);
    // QWebSocket makes its QSslSocket as a child in open(); its encrypted() comes before any WebSocket
    // traffic, so the pin is checked before the upgrade is answered.
    if (QSslSocket* tls = tlsSocket()) {
        connect(tls, &QSslSocket::encrypted, this, &ServerConnection::onEncrypted);
    }
}

void ServerConnection::close()
{
    m_open = false;
    if (m_pingTimer != nullptr) {
        m_pingTimer->stop();
    }
    if (m_socket != nullptr) {
        m_socket->disconnect(this);
        m_socket->close();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    failAll(QStringLiteral("The connection to the server was closed."));
}

QSslSocket* ServerConnection::tlsSocket() const
{
    return m_socket == nullptr ? nullptr
                               : m_socket->findChild<QSslSocket*>(QString(), Qt::FindDirectChildrenOnly);
}

bool ServerConnection::peerMatchesPin() const
{
    const QSslSocket* tls = tlsSocket();
    if (tls == nullptr || tls->peerCertificate().isNull()) {
        return false;
    }
    return samePin(protocol::certificatePin(tls->peerCertificate().toDer()), m_pin);
}

void ServerConnection::onSslErrors()
{
    // The pin replaces the CA system: a matching certificate is accepted whatever its chain or name, and
    // anything else is refused here (the handshake then fails and the drop names the mismatch).
    if (peerMatchesPin()) {
        tlsSocket()->ignoreSslErrors();
        return;
    }
    m_mismatch = true;
}

void ServerConnection::onEncrypted()
{
    if (!peerMatchesPin()) {
        m_mismatch = true;
        drop(Drop::CertificateMismatch, QStringLiteral("The server's certificate is not the pinned one."));
    }
}

void ServerConnection::onConnected()
{
    if (!peerMatchesPin()) {
        m_mismatch = true;
        drop(Drop::CertificateMismatch, QStringLiteral("The server's certificate is not the pinned one."));
        return;
    }
    m_open = true;
    m_lastHeardMs = nowMs();
    if (m_pingTimer == nullptr) {
        m_pingTimer = new QTimer(this);
        connect(m_pingTimer, &QTimer::timeout, this, &ServerConnection::onPing);
    }
    m_pingTimer->start(kPingInterval);
    emit opened();
}

void ServerConnection::onDisconnected()
{
    if (m_mismatch) {
        drop(Drop::CertificateMismatch, QStringLiteral("The server's certificate is not the pinned one."));
        return;
    }
    const QString detail = m_socket != nullptr && !m_socket->errorString().isEmpty()
        ? m_socket->errorString()
        : QStringLiteral("The connection closed.");
    drop(Drop::Lost, detail);
}

void ServerConnection::onPing()
{
    if (m_socket == nullptr) {
        return;
    }
    if (nowMs() - m_lastHeardMs > kSilenceLimit.count()) {
        drop(Drop::Lost, QStringLiteral("The server stopped answering."));
        return;
    }
    m_socket->ping();
}

void ServerConnection::onMessage(const QByteArray& frame)
{
    m_lastHeardMs = nowMs();
    auto message = protocol::Message::parse(frame);
    if (!message) {
        drop(Drop::Lost,
            QStringLiteral("The server sent a message this client cannot read: %1")
                .arg(message.error().message));
        return;
    }
    if (message->id == 0) {
        emit pushReceived(message.value());
        return;
    }
    const auto it = m_pending.find(message->id);
    if (it == m_pending.end()) {
        return; // an answer after its request timed out
    }
    ReplyHandler handler = std::move(it->second.handler);
    delete it->second.timer;
    const QString expected = it->second.type + QLatin1String(".ok");
    m_pending.erase(it);
    if (message->isError()) {
        handler(message->toError());
    } else if (message->type != expected) {
        handler(localError(protocol::WireError::Malformed,
            QStringLiteral("The server answered with a message of the wrong type.")));
    } else {
        handler(std::move(message->body));
    }
}

void ServerConnection::request(const char* type, QCborMap body, ReplyHandler handler)
{
    if (!m_open || m_socket == nullptr) {
        handler(localError(protocol::WireError::Offline, QStringLiteral("Not connected to the server.")));
        return;
    }
    const std::uint64_t id = m_nextId++;
    const protocol::Message message { QString::fromLatin1(type), id, std::move(body) };
    const QByteArray frame = message.encode();
    if (frame.size() > protocol::kMaxFrameBytes) {
        handler(localError(protocol::WireError::TooLarge,
            QStringLiteral("The request is larger than %1 bytes.").arg(protocol::kMaxFrameBytes)));
        return;
    }
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id] { timeOut(id); });
    timer->start(kRequestTimeout);
    m_pending.emplace(id, Pending { std::move(handler), message.type, timer });
    m_socket->sendBinaryMessage(frame);
}

void ServerConnection::timeOut(std::uint64_t id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end()) {
        return;
    }
    ReplyHandler handler = std::move(it->second.handler);
    it->second.timer->deleteLater();
    m_pending.erase(it);
    handler(localError(protocol::WireError::Offline,
        QStringLiteral("The server did not answer within %1 seconds.")
            .arg(std::chrono::duration_cast<std::chrono::seconds>(kRequestTimeout).count())));
}

void ServerConnection::drop(Drop reason, const QString& detail)
{
    if (m_socket == nullptr) {
        return;
    }
    m_open = false;
    if (m_pingTimer != nullptr) {
        m_pingTimer->stop();
    }
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    const QPointer<ServerConnection> alive(this);
    emit dropped(reason, detail);
    if (alive) {
        failAll(QStringLiteral("The connection to the server was lost."));
    }
}

void ServerConnection::failAll(const QString& message)
{
    const QPointer<ServerConnection> alive(this);
    while (alive && !m_pending.empty()) {
        auto it = m_pending.begin();
        ReplyHandler handler = std::move(it->second.handler);
        it->second.timer->deleteLater();
        m_pending.erase(it);
        handler(localError(protocol::WireError::Offline, message));
    }
}

} // namespace ward::net
