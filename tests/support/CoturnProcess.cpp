#include "CoturnProcess.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QUdpSocket>
#include <algorithm>
#include <catch2/catch.hpp>

namespace ward::test {

namespace {

constexpr int kStartTimeoutMs = 15'000;
// coturn prints this once its listening and relay servers exist.
constexpr char kReadyLine[] = "Total General servers";

// A port free for both UDP and TCP on loopback right now (coturn listens on both).
quint16 freeLoopbackPort()
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::LocalHost, 0)) {
            continue;
        }
        QUdpSocket udp;
        if (udp.bind(QHostAddress::LocalHost, tcp.serverPort())) {
            return tcp.serverPort();
        }
    }
    return 0;
}

} // namespace

CoturnProcess::CoturnProcess(const QByteArray& sharedSecret)
{
    REQUIRE(m_dir.isValid());
    m_port = freeLoopbackPort();
    REQUIRE(m_port != 0);
    const QStringList args {
        QStringLiteral("-n"),
        QStringLiteral("--listening-ip=%1").arg(QLatin1String(kHost)),
        QStringLiteral("--relay-ip=%1").arg(QLatin1String(kHost)),
        QStringLiteral("--listening-port=%1").arg(m_port),
        QStringLiteral("--use-auth-secret"),
        QStringLiteral("--static-auth-secret=%1").arg(QString::fromLatin1(sharedSecret)),
        QStringLiteral("--realm=%1").arg(QLatin1String(kRealm)),
        QStringLiteral("--allow-loopback-peers"),
        QStringLiteral("--no-tls"),
        QStringLiteral("--no-dtls"),
        QStringLiteral("--no-cli"),
        QStringLiteral("--log-file=stdout"),
        QStringLiteral("--pidfile=%1").arg(m_dir.filePath(QStringLiteral("turnserver.pid"))),
        QStringLiteral("--db=%1").arg(m_dir.filePath(QStringLiteral("turndb"))),
    };
    m_process = std::make_unique<QProcess>();
    m_process->setWorkingDirectory(m_dir.path());
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(QStringLiteral("turnserver"), args);
    INFO("turnserver (the coturn package) must be installed");
    REQUIRE(m_process->waitForStarted(kStartTimeoutMs));

    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (
        !m_output.contains(kReadyLine) && !deadline.hasExpired() && m_process->state() == QProcess::Running) {
        m_process->waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
        m_output += m_process->readAll();
    }
    INFO(m_output.toStdString());
    REQUIRE(m_output.contains(kReadyLine));
}

CoturnProcess::~CoturnProcess()
{
    stop();
}

QString CoturnProcess::uri() const
{
    return QStringLiteral("turn:%1:%2?transport=udp").arg(QLatin1String(kHost)).arg(m_port);
}

QByteArray CoturnProcess::output()
{
    if (m_process) {
        m_output += m_process->readAll();
    }
    return m_output;
}

void CoturnProcess::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        return;
    }
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_output += m_process->readAll();
}

} // namespace ward::test
