#include "TlsTestServer.h"

#include "protocol/CertificatePin.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QThread>

#include <catch2/catch.hpp>

#include <utility>

namespace ward::test {

namespace {

QByteArray readTls(const QString& name)
{
    QFile file(QStringLiteral(WARD_TEST_VECTORS_DIR "/tls/") + name);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

QSslCertificate certificate(const char* name)
{
    return QSslCertificate(readTls(QString::fromLatin1(name) + QStringLiteral("-cert.pem")), QSsl::Pem);
}

} // namespace

QByteArray testCertificatePin(const char* name)
{
    return protocol::certificatePin(certificate(name).toDer());
}

bool waitFor(const std::function<bool()>& done, int limitMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < limitMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return done();
}

TlsTestServer::TlsTestServer(Handler handler, const char* certificateName)
    : m_handler(std::move(handler))
    , m_server(QStringLiteral("test server"), QWebSocketServer::SecureMode)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(certificate(certificateName));
    tls.setPrivateKey(QSslKey(
        readTls(QString::fromLatin1(certificateName) + QStringLiteral("-key.pem")), QSsl::Ec, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_server.setSslConfiguration(tls);
    QObject::connect(&m_server, &QWebSocketServer::newConnection, [this] { accept(); });
    REQUIRE(m_server.listen(QHostAddress::LocalHost, 0));
    m_port = m_server.serverPort();
}

TlsTestServer::~TlsTestServer()
{
    for (QWebSocket* client : std::exchange(m_clients, {})) {
        client->disconnect();
        client->abort();
        delete client;
    }
}

void TlsTestServer::restart()
{
    m_server.close();
    for (QWebSocket* client : std::exchange(m_clients, {})) {
        client->disconnect();
        client->abort();
        client->deleteLater();
    }
    REQUIRE(m_server.listen(QHostAddress::LocalHost, m_port));
}

void TlsTestServer::send(QWebSocket& client, const protocol::Message& message)
{
    client.sendBinaryMessage(message.encode());
}

void TlsTestServer::accept()
{
    while (QWebSocket* client = m_server.nextPendingConnection()) {
        ++m_connections;
        m_clients.push_back(client);
        QObject::connect(
            client, &QWebSocket::binaryMessageReceived, client, [this, client](const QByteArray& frame) {
                auto message = protocol::Message::parse(frame);
                if (message) {
                    m_handler(*client, message.value());
                }
            });
        QObject::connect(client, &QWebSocket::disconnected, client, [this, client] {
            std::erase(m_clients, client);
            client->deleteLater();
        });
    }
}

} // namespace ward::test
