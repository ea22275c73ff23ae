#include "WardServer.h"

#include "ServerLog.h"
#include "TlsListener.h"
#include "services/ServiceSet.h"

#include <QSslSocket>
#include <QWebSocketServer>

namespace ward::server {

namespace {

QSslConfiguration tlsConfiguration(const TlsCredentials& tls)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(tls.certificate);
    configuration.setPrivateKey(tls.privateKey);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    // Clients authenticate inside the protocol (device keys), not with TLS certificates.
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

} // namespace

WardServer::WardServer(ServerData& data, TurnSettings turn, ServerOptions options, QObject* parent)
    : QObject(parent)
    , m_data(data)
    , m_options(std::move(options))
    , m_turn(std::move(turn))
    , m_visits(data.db())
{
    m_context = std::make_unique<ServerContext>(ServerContext {
        data.db(), data.audit(), m_hub, m_stats, data.identity(), m_turn, m_visits, systemClock() });
    m_services = std::make_unique<ServiceSet>(*m_context, m_router);
    m_listener = new TlsListener(
        tlsConfiguration(data.tls()), m_options.handshakeTimeoutMs,
        [this](QSslSocket& socket) { return admit(socket); }, this);
    connect(m_listener, &TlsListener::encrypted, this, &WardServer::onEncrypted);
    m_upgrader = new QWebSocketServer(QStringLiteral("ward-server"), QWebSocketServer::NonSecureMode, this);
    m_upgrader->setMaxPendingConnections(1000);
    connect(m_upgrader, &QWebSocketServer::newConnection, this, &WardServer::onUpgraded);
    connect(&m_idleTimer, &QTimer::timeout, this, &WardServer::checkIdle);
    connect(&m_statsTimer, &QTimer::timeout, this, [this] { logStats(false); });
}

WardServer::~WardServer()
{
    // Connections first: their sockets may still be children of the listener.
    for (ClientConnection* connection : std::as_const(m_connections)) {
        m_hub.remove(*connection);
        delete connection;
    }
    m_connections.clear();
}

Status WardServer::listen()
{
    if (!m_listener->listen(m_options.listenAddress, m_options.port)) {
        return makeError(ErrorCode::Io,
            QStringLiteral("ward-server could not listen on %1:%2 (%3). Choose another --listen address or "
                           "stop what uses it.")
                .arg(m_options.listenAddress.toString())
                .arg(m_options.port)
                .arg(m_listener->errorString()));
    }
    m_idleTimer.start(m_options.idleCheckIntervalMs);
    m_statsTimer.start(m_options.statsIntervalMs);
    logEvent(QStringLiteral("listening on %1:%2")
                 .arg(m_options.listenAddress.toString(), QString::number(port())));
    return {};
}

quint16 WardServer::port() const
{
    return m_listener->serverPort();
}

bool WardServer::admit(QSslSocket& socket)
{
    const QString address = ClientConnection::addressText(socket.peerAddress());
    int& fromAddress = m_perAddress[address];
    if (m_stopping || m_sockets >= m_options.maxConnections
        || fromAddress >= m_options.maxConnectionsPerAddress) {
        if (fromAddress == 0) {
            m_perAddress.remove(address);
        }
        if (!m_stopping) {
            logEvent(QStringLiteral("connection refused: connection limit reached"));
        }
        return false;
    }
    ++fromAddress;
    ++m_sockets;
    connect(&socket, &QObject::destroyed, this, [this, address] {
        --m_sockets;
        auto it = m_perAddress.find(address);
        if (it != m_perAddress.end() && --it.value() <= 0) {
            m_perAddress.erase(it);
        }
    });
    return true;
}

namespace {
QString peerKey(const QHostAddress& address, quint16 port)
{
    return QStringLiteral("%1|%2").arg(ClientConnection::addressText(address), QString::number(port));
}
} // namespace

void WardServer::onEncrypted(QSslSocket* socket)
{
    // Remembered by peer address and port, which is all a finished WebSocket tells about its TLS socket.
    const QString key = peerKey(socket->peerAddress(), socket->peerPort());
    m_upgrading.insert(key, socket);
    connect(socket, &QObject::destroyed, this, [this, key, socket] {
        if (m_upgrading.value(key) == socket) {
            m_upgrading.remove(key);
        }
    });
    m_upgrader->handleConnection(socket);
}

void WardServer::onUpgraded()
{
    while (QWebSocket* socket = m_upgrader->nextPendingConnection()) {
        // The TLS socket under this WebSocket is upgraded: its handshake timeout must not cut it.
        if (QSslSocket* tls = m_upgrading.take(peerKey(socket->peerAddress(), socket->peerPort()))) {
            tls->setProperty(TlsListener::kUpgradedProperty, true);
        }
        if (m_stopping) {
            socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server stopping"));
            socket->deleteLater();
            continue;
        }
        auto* connection = new ClientConnection(socket, m_options.limits, m_router, m_stats, this);
        connect(connection, &ClientConnection::finished, this, &WardServer::onFinished);
        m_connections.insert(connection->id(), connection);
        m_stats.count(ServerStats::Counter::Connections);
        m_hub.add(*connection);
    }
}

void WardServer::onFinished(ClientConnection* connection)
{
    if (m_connections.remove(connection->id()) == 0) {
        return;
    }
    m_hub.remove(*connection);
    connection->deleteLater();
    if (m_stopping && m_connections.isEmpty()) {
        finishStop();
    }
}

void WardServer::checkIdle()
{
    const std::int64_t now = ClientConnection::monotonicMs();
    // Copied: a close may (later) change the set.
    const auto connections = m_connections.values();
    for (ClientConnection* connection : connections) {
        connection->checkIdle(now);
    }
}

void WardServer::logStats(bool always)
{
    const QString summary = m_stats.summary();
    if (always || summary != m_lastStats) {
        m_lastStats = summary;
        logEvent(QStringLiteral("stats: %1 open=%2 signed_in=%3")
                     .arg(summary)
                     .arg(m_connections.size())
                     .arg(m_hub.signedInCount()));
    }
}

void WardServer::stop()
{
    if (m_stopping) {
        return;
    }
    m_stopping = true;
    logEvent(QStringLiteral("stopping: closing %1 connections").arg(m_connections.size()));
    m_listener->close();
    m_listener->abortPending();
    m_idleTimer.stop();
    m_statsTimer.stop();
    if (m_connections.isEmpty()) {
        QTimer::singleShot(0, this, &WardServer::finishStop);
        return;
    }
    const auto connections = m_connections.values();
    for (ClientConnection* connection : connections) {
        connection->closeWith(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server stopping"));
    }
    QTimer::singleShot(m_options.stopTimeoutMs, this, &WardServer::finishStop);
}

void WardServer::finishStop()
{
    if (m_stopped) {
        return;
    }
    m_stopped = true;
    logStats(true);
    emit stopped();
}

} // namespace ward::server
