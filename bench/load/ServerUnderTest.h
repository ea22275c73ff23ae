// The real ward-server process a load run measures: a fresh data folder in a temporary folder (`init` on a
// loopback port that was free a moment ago), invitations made in-process on that folder before the server
// runs, then `run` on the same address with stdout and stderr going to files (a full pipe must never stall
// the server). sample() reads the process's memory and CPU time from /proc. The process is sent SIGTERM,
// then killed, when the object dies.
#pragma once

#include "common/Result.h"
#include "crypto/credential/Role.h"
#include "protocol/EnrolmentLink.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <cstdint>
#include <vector>

namespace ward::bench {

struct ProcessSample {
    std::int64_t rssKiB = 0; // VmRSS
    std::int64_t hwmKiB = 0; // VmHWM: the resident peak so far
    std::int64_t cpuMs = 0; // user + system
    int sockets = 0; // open file descriptors that are sockets
};

struct InvitationSpec {
    crypto::credential::Role role = crypto::credential::Role::Patient;
    QString userId;
    QString displayName;
};

class ServerUnderTest {
public:
    explicit ServerUnderTest(QString program);
    ~ServerUnderTest();
    ServerUnderTest(const ServerUnderTest&) = delete;
    ServerUnderTest& operator=(const ServerUnderTest&) = delete;

    Status init();
    // One link per spec, in order; the server must not be running yet.
    Result<std::vector<protocol::EnrolmentLink>> invite(const std::vector<InvitationSpec>& specs);
    Status start(int maxConnectionsPerAddress);
    // SIGTERM and wait; the exit code, or -1 when it crashed or had to be killed.
    int stop();

    bool running() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); }
    const QString& address() const { return m_address; }
    Result<ProcessSample> sample() const;
    // The server's last "stats:" log line (its own counters), empty when there is none.
    QString lastStatsLine() const;

private:
    QString dataDir() const;

    QString m_program;
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_address;
};

} // namespace ward::bench
