#include "ServerProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QRegularExpression>
#include <QTcpServer>

#include <catch2/catch.hpp>

#include <csignal>

namespace ward::test {

namespace {

// A port that was free a moment ago, for the address init writes into invitations.
quint16 freePort()
{
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
    return probe.serverPort();
}

} // namespace

QString wardServerPath()
{
    return QStringLiteral(WARD_SERVER_PATH);
}

ServerProcess::ServerProcess(QStringList extraRunArgs)
    : m_extraRunArgs(std::move(extraRunArgs))
{
    m_process.setProgram(wardServerPath());
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

QString ServerProcess::dataDir() const
{
    return m_dir.filePath(QStringLiteral("data"));
}

void ServerProcess::start()
{
    REQUIRE(m_dir.isValid());
    m_address = QStringLiteral("127.0.0.1:%1").arg(freePort());
    QProcess init;
    init.start(wardServerPath(),
        { QStringLiteral("init"), QStringLiteral("--data"), dataDir(), QStringLiteral("--name"),
            QStringLiteral("Test Clinic"), QStringLiteral("--address"), m_address });
    REQUIRE(init.waitForFinished(60'000));
    INFO(init.readAllStandardError().toStdString());
    REQUIRE(init.exitCode() == 0);
    const QString out = QString::fromUtf8(init.readAllStandardOutput());
    const auto pin = QRegularExpression(
        QStringLiteral("^certificate-pin: ([0-9a-f]{64})$"), QRegularExpression::MultilineOption)
                         .match(out);
    const auto fingerprint = QRegularExpression(
        QStringLiteral("^organisation-fingerprint: ([0-9a-f ]+)$"), QRegularExpression::MultilineOption)
                                 .match(out);
    REQUIRE(pin.hasMatch());
    REQUIRE(fingerprint.hasMatch());
    m_pinHex = pin.captured(1);
    m_pin = QByteArray::fromHex(m_pinHex.toLatin1());
    m_fingerprint = fingerprint.captured(1);
    run();
}

void ServerProcess::restart()
{
    REQUIRE(m_process.state() == QProcess::NotRunning);
    run();
}

void ServerProcess::run()
{
    m_port = 0;
    m_process.setArguments(QStringList { QStringLiteral("run"), QStringLiteral("--data"), dataDir(),
                               QStringLiteral("--listen"), m_address }
        + m_extraRunArgs);
    m_process.start();
    REQUIRE(m_process.waitForStarted(10'000));
    static const QRegularExpression kListening(QStringLiteral("^listening on 127\\.0\\.0\\.1:(\\d+)$"));
    QByteArray out;
    QDeadlineTimer deadline(30'000);
    while (m_port == 0 && !deadline.hasExpired() && m_process.state() == QProcess::Running) {
        m_process.waitForReadyRead(100);
        out += m_process.readAllStandardOutput();
        m_log += m_process.readAllStandardError();
        for (const QByteArray& line : out.split('\n')) {
            const auto match = kListening.match(QString::fromUtf8(line).trimmed());
            if (match.hasMatch()) {
                m_port = static_cast<quint16>(match.captured(1).toUInt());
            }
        }
    }
    INFO(log().toStdString());
    REQUIRE(m_port != 0);
}

int ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning) {
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(20'000)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
        return -1;
    }
    m_log += m_process.readAllStandardError();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void ServerProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(5'000);
}

QString ServerProcess::log()
{
    m_log += m_process.readAllStandardError();
    return QString::fromUtf8(m_log);
}

} // namespace ward::test
