// The running server: a TLS listener, the WebSocket upgrade, one ClientConnection per client, and the
// request handlers (ServiceSet) behind the RequestRouter, all on the one event-loop thread. It caps
// connections in total and per address, logs start, stop and a counter summary (every minute when it
// changed), and on stop() closes every connection with "going away" before reporting stopped().
#pragma once

#include "ClientConnection.h"
#include "DataFolder.h"
#include "Hub.h"
#include "RequestRouter.h"
#include "ServerContext.h"
#include "ServerIdentity.h"
#include "ServerStats.h"
#include "services/VisitRegistry.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocketServer;
class QSslSocket;

namespace ward::server {

class ServiceSet;
class TlsListener;

struct ServerOptions {
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port
    int maxConnections = 10'000;
    int maxConnectionsPerAddress = 1'000;
    int handshakeTimeoutMs = 10'000; // TLS handshake and WebSocket upgrade together
    int idleCheckIntervalMs = 15'000;
    int statsIntervalMs = 60'000;
    int stopTimeoutMs = 3'000; // how long stop() waits for clients to answer the close
    ConnectionLimits limits;
};

class WardServer : public QObject {
    Q_OBJECT
public:
    WardServer(ServerData& data, TurnSettings turn, ServerOptions options, QObject* parent = nullptr);
    ~WardServer() override;

    Status listen();
    quint16 port() const;
    // Stops accepting, closes every connection with "going away", then emits stopped().
    void stop();
    const ServerStats& stats() const { return m_stats; }
    int connectionCount() const { return static_cast<int>(m_connections.size()); }

signals:
    void stopped();

private:
    bool admit(QSslSocket& socket);
    void onEncrypted(QSslSocket* socket);
    void onUpgraded();
    void onFinished(ClientConnection* connection);
    void checkIdle();
    void logStats(bool always);
    void finishStop();

    ServerData& m_data;
    ServerOptions m_options;
    TurnSettings m_turn;
    ServerStats m_stats;
    Hub m_hub;
    RequestRouter m_router { m_stats };
    VisitRegistry m_visits;
    std::unique_ptr<ServerContext> m_context;
    std::unique_ptr<ServiceSet> m_services;
    TlsListener* m_listener = nullptr;
    QWebSocketServer* m_upgrader = nullptr;
    QHash<std::uint64_t, ClientConnection*> m_connections;
    QHash<QString, int> m_perAddress;
    QHash<QString, QSslSocket*> m_upgrading; // encrypted, WebSocket upgrade not yet done
    int m_sockets = 0;
    QTimer m_idleTimer;
    QTimer m_statsTimer;
    QString m_lastStats;
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace ward::server
