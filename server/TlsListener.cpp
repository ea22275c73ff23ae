#include "TlsListener.h"

#include <QSslSocket>
#include <QTimer>

namespace ward::server {

TlsListener::TlsListener(
    QSslConfiguration configuration, int handshakeTimeoutMs, Admission admission, QObject* parent)
    : QTcpServer(parent)
    , m_configuration(std::move(configuration))
    , m_handshakeTimeoutMs(handshakeTimeoutMs)
    , m_admission(std::move(admission))
{ }

void TlsListener::incomingConnection(qintptr descriptor)
{
    auto* socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (!m_admission(*socket)) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->setSslConfiguration(m_configuration);
    // Until the socket is upgraded it is ours to delete; afterwards the WebSocket server's and the
    // connection's. deleteLater() may safely be asked for twice.
    const auto drop = [socket] {
        if (!socket->property(kUpgradedProperty).toBool()) {
            socket->abort();
            socket->deleteLater();
        }
    };
    QTimer::singleShot(m_handshakeTimeoutMs, socket, drop);
    connect(socket, &QSslSocket::disconnected, socket, drop);
    connect(socket, &QSslSocket::errorOccurred, socket, [socket, drop](QAbstractSocket::SocketError) {
        if (!socket->isEncrypted()) {
            drop();
        }
    });
    connect(socket, &QSslSocket::encrypted, this, [this, socket] { emit encrypted(socket); });
    socket->startServerEncryption();
}

void TlsListener::abortPending()
{
    for (QSslSocket* socket : findChildren<QSslSocket*>(Qt::FindDirectChildrenOnly)) {
        if (!socket->property(kUpgradedProperty).toBool()) {
            socket->abort();
            socket->deleteLater();
        }
    }
}

} // namespace ward::server
