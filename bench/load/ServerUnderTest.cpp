#include "load/ServerUnderTest.h"

#include "DataFolder.h"
#include "Invitations.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTcpServer>
#include <QThread>

#include <csignal>
#include <unistd.h>

namespace ward::bench {

namespace {

constexpr int kStartTimeoutMs = 30'000;
constexpr int kStopTimeoutMs = 20'000;

Result<quint16> freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return makeError(ErrorCode::Io, QStringLiteral("No free loopback port to run the server on."));
    }
    return probe.serverPort();
}

QByteArray readSmallFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.read(1 << 20);
}

std::int64_t statusKiB(const QByteArray& status, const char* field)
{
    for (const QByteArray& line : status.split('\n')) {
        if (line.startsWith(field)) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            return parts.size() >= 2 ? parts[1].toLongLong() : 0;
        }
    }
    return 0;
}

} // namespace

ServerUnderTest::ServerUnderTest(QString program)
    : m_program(std::move(program))
{ }

ServerUnderTest::~ServerUnderTest()
{
    if (running()) {
        stop();
    }
}

QString ServerUnderTest::dataDir() const
{
    return m_dir.filePath(QStringLiteral("data"));
}

Status ServerUnderTest::init()
{
    if (!m_dir.isValid()) {
        return makeError(ErrorCode::Io, QStringLiteral("Could not make a temporary folder for the server."));
    }
    auto port = freePort();
    if (!port) {
        return port.error();
    }
    m_address = QStringLiteral("127.0.0.1:%1").arg(port.value());
    QProcess init;
    init.start(m_program,
        { QStringLiteral("init"), QStringLiteral("--data"), dataDir(), QStringLiteral("--name"),
            QStringLiteral("Load Clinic"), QStringLiteral("--address"), m_address });
    if (!init.waitForFinished(kStartTimeoutMs) || init.exitStatus() != QProcess::NormalExit
        || init.exitCode() != 0) {
        return makeError(ErrorCode::Io,
            QStringLiteral("ward-server init failed (%1): %2")
                .arg(m_program, QString::fromUtf8(init.readAllStandardError()).trimmed()));
    }
    return {};
}

Result<std::vector<protocol::EnrolmentLink>> ServerUnderTest::invite(const std::vector<InvitationSpec>& specs)
{
    auto data = server::DataFolder(dataDir()).open();
    if (!data) {
        return data.error();
    }
    std::vector<protocol::EnrolmentLink> links;
    links.reserve(specs.size());
    for (const InvitationSpec& spec : specs) {
        server::InvitationRequest request;
        request.role = spec.role;
        request.userId = spec.userId;
        request.displayName = spec.displayName;
        request.createdBy = QString::fromLatin1(server::kLocalCreator);
        auto created = server::createInvitation(
            data.value()->db(), data.value()->audit(), data.value()->identity(), systemClock(), request);
        if (!created) {
            return created.error();
        }
        auto link = protocol::EnrolmentLink::parse(created->link);
        if (!link) {
            return link.error();
        }
        links.push_back(std::move(link).value());
    }
    return links;
}

Status ServerUnderTest::start(int maxConnectionsPerAddress)
{
    const QString out = m_dir.filePath(QStringLiteral("server.out"));
    m_process.setStandardOutputFile(out);
    m_process.setStandardErrorFile(m_dir.filePath(QStringLiteral("server.log")));
    m_process.start(m_program,
        { QStringLiteral("run"), QStringLiteral("--data"), dataDir(), QStringLiteral("--listen"), m_address,
            QStringLiteral("--max-connections-per-address"), QString::number(maxConnectionsPerAddress) });
    if (!m_process.waitForStarted(kStartTimeoutMs)) {
        return makeError(ErrorCode::Io, QStringLiteral("Could not start %1.").arg(m_program));
    }
    const QByteArray expected = "listening on " + m_address.toLatin1();
    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired() && running()) {
        if (readSmallFile(out).contains(expected)) {
            return {};
        }
        QThread::msleep(50);
    }
    return makeError(ErrorCode::Io,
        QStringLiteral("ward-server did not start listening on %1: %2")
            .arg(m_address,
                QString::fromUtf8(readSmallFile(m_dir.filePath(QStringLiteral("server.log")))).trimmed()));
}

int ServerUnderTest::stop()
{
    if (!running()) {
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(kStopTimeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
        return -1;
    }
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

Result<ProcessSample> ServerUnderTest::sample() const
{
    const QString proc = QStringLiteral("/proc/%1").arg(pid());
    const QByteArray status = readSmallFile(proc + QStringLiteral("/status"));
    const QByteArray stat = readSmallFile(proc + QStringLiteral("/stat"));
    // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
    const qsizetype close = stat.lastIndexOf(')');
    if (status.isEmpty() || close < 0) {
        return makeError(ErrorCode::Io, QStringLiteral("The server process is gone."));
    }
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.size() < 13) {
        return makeError(ErrorCode::Io, QStringLiteral("Could not read the server's CPU time."));
    }
    const long ticks = ::sysconf(_SC_CLK_TCK);
    ProcessSample sample;
    sample.rssKiB = statusKiB(status, "VmRSS:");
    sample.hwmKiB = statusKiB(status, "VmHWM:");
    sample.cpuMs = (fields[11].toLongLong() + fields[12].toLongLong()) * 1000 / (ticks > 0 ? ticks : 100);
    const QDir fds(proc + QStringLiteral("/fd"));
    for (const QString& name : fds.entryList(QDir::System | QDir::NoDotAndDotDot)) {
        // readlink, not QFile::symLinkTarget: "socket:[inode]" is not a path to resolve.
        char target[64] = {};
        const ssize_t size
            = ::readlink(QFile::encodeName(fds.filePath(name)).constData(), target, sizeof target - 1);
        if (size > 0 && QByteArray(target, size).startsWith("socket:")) {
            ++sample.sockets;
        }
    }
    return sample;
}

QString ServerUnderTest::lastStatsLine() const
{
    const QByteArray log = readSmallFile(m_dir.filePath(QStringLiteral("server.log")));
    QString last;
    for (const QByteArray& line : log.split('\n')) {
        if (line.contains("stats:")) {
            last = QString::fromUtf8(line).trimmed();
        }
    }
    return last;
}

} // namespace ward::bench
