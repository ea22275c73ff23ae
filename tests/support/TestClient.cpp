#include "TestClient.h"

#include "protocol/CertificatePin.h"
#include "protocol/ProtocolLimits.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QSslConfiguration>
#include <QUrl>

#include <utility>

namespace ward::test {

namespace {

// Runs the event loop until `done` or the deadline.
template <typename Done> bool waitUntil(Done done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired()) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

} // namespace

TestClient::TestClient(QByteArray expectedPin)
    : m_expectedPin(std::move(expectedPin))
{
    m_socket.setMaxAllowedIncomingMessageSize(static_cast<quint64>(protocol::kMaxFrameBytes));
    QObject::connect(&m_socket, &QWebSocket::sslErrors, &m_socket,
        [this](const QList<QSslError>& errors) { onSslErrors(errors); });
    QObject::connect(
        &m_socket, &QWebSocket::binaryMessageReceived, &m_socket, [this](const QByteArray& frame) {
            if (auto message = protocol::Message::parse(frame)) {
                m_received.push_back(std::move(message).value());
            }
        });
    QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket, [this] { m_disconnected = true; });
    QObject::connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), &m_socket,
        [this](QAbstractSocket::SocketError) {
            if (m_error.isEmpty()) {
                m_error = m_socket.errorString();
            }
        });
}

TestClient::~TestClient()
{
    m_socket.abort();
}

void TestClient::onSslErrors(const QList<QSslError>& errors)
{
    // The pin replaces the CA system: a self-signed certificate is fine when, and only when, it is the
    // pinned one.
    const QSslCertificate peer = m_socket.sslConfiguration().peerCertificate();
    const QSslCertificate certificate
        = peer.isNull() && !errors.isEmpty() ? errors.first().certificate() : peer;
    if (!certificate.isNull() && protocol::certificatePin(certificate.toDer()) == m_expectedPin) {
        m_socket.ignoreSslErrors();
        return;
    }
    m_pinMismatch = true;
    m_error = QStringLiteral("the server's certificate does not match the pin");
}

bool TestClient::connectTo(quint16 port, const QString& host, int timeoutMs)
{
    m_disconnected = false;
    m_error.clear();
    m_socket.open(QUrl(QStringLiteral("wss://%1:%2/").arg(host).arg(port)));
    waitUntil(
        [&] {
            return m_socket.state() == QAbstractSocket::ConnectedState || m_disconnected
                || !m_error.isEmpty();
        },
        timeoutMs);
    if (m_socket.state() != QAbstractSocket::ConnectedState) {
        if (m_error.isEmpty()) {
            m_error = QStringLiteral("no connection within %1 ms").arg(timeoutMs);
        }
        m_socket.abort();
        return false;
    }
    // A certificate some CA vouches for raises no sslErrors: the pin is checked here too.
    const QSslCertificate peer = m_socket.sslConfiguration().peerCertificate();
    if (protocol::certificatePin(peer.toDer()) != m_expectedPin) {
        m_pinMismatch = true;
        m_error = QStringLiteral("the server's certificate does not match the pin");
        m_socket.abort();
        return false;
    }
    return true;
}

bool TestClient::connected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void TestClient::sendRaw(const QByteArray& bytes)
{
    m_socket.sendBinaryMessage(bytes);
}

void TestClient::sendText(const QString& text)
{
    m_socket.sendTextMessage(text);
}

std::uint64_t TestClient::send(const QString& type, QCborMap body)
{
    const std::uint64_t id = m_nextId++;
    sendRaw(protocol::Message { type, id, std::move(body) }.encode());
    return id;
}

std::optional<protocol::Message> TestClient::request(const QString& type, QCborMap body, int timeoutMs)
{
    return waitForReply(send(type, std::move(body)), timeoutMs);
}

std::optional<protocol::Message> TestClient::waitForReply(std::uint64_t id, int timeoutMs)
{
    return waitFor([id](const protocol::Message& message) { return message.id == id; }, timeoutMs);
}

std::optional<protocol::Message> TestClient::waitForPush(const QString& type, int timeoutMs)
{
    return waitFor(
        [&type](const protocol::Message& message) { return message.id == 0 && message.type == type; },
        timeoutMs);
}

std::optional<protocol::Message> TestClient::waitFor(
    const std::function<bool(const protocol::Message&)>& wanted, int timeoutMs)
{
    std::optional<protocol::Message> found;
    waitUntil(
        [&] {
            for (auto it = m_received.begin(); it != m_received.end(); ++it) {
                if (wanted(*it)) {
                    found = std::move(*it);
                    m_received.erase(it);
                    return true;
                }
            }
            return m_disconnected;
        },
        timeoutMs);
    return found;
}

std::deque<protocol::Message> TestClient::takeAll()
{
    QCoreApplication::processEvents();
    return std::exchange(m_received, {});
}

bool TestClient::waitForDisconnected(int timeoutMs)
{
    return waitUntil([&] { return m_disconnected; }, timeoutMs);
}

void TestClient::close()
{
    m_socket.close();
    waitForDisconnected(2'000);
}

} // namespace ward::test
