#include "WardctlRunner.h"

#include "TestSupport.h"

#include <QProcess>
#include <QProcessEnvironment>

#include <catch2/catch.hpp>

namespace ward::test {

std::ostream& operator<<(std::ostream& os, const WardctlRun& run)
{
    return os << "exit " << run.exitCode << "\nstdout: " << run.out.toStdString()
              << "\nstderr: " << run.err.toStdString();
}

Wardctl::Wardctl()
    : m_profile(m_home.filePath(QStringLiteral("profile")))
{ }

WardctlRun Wardctl::run(const QStringList& args, const QByteArray& input, bool withProfile) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("TMPDIR"), m_home.path());
    process.setProcessEnvironment(env);
    QStringList all = withProfile ? QStringList { QStringLiteral("--profile"), m_profile } : QStringList {};
    all += args;
    process.start(QStringLiteral(WARD_WARDCTL_PATH), all);
    REQUIRE(process.waitForStarted(30'000));
    process.write(input);
    process.closeWriteChannel();
    REQUIRE(process.waitForFinished(120'000));
    REQUIRE(process.exitStatus() == QProcess::NormalExit);
    WardctlRun run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void Wardctl::init() const
{
    const WardctlRun r = run({ QStringLiteral("init"), QString::fromLatin1(kWardctlPassphraseFlag),
                                 QStringLiteral("--kdf-target-ms"), QStringLiteral("0") },
        QByteArray(kPassphrase) + '\n');
    INFO(r);
    REQUIRE(r.exitCode == 0);
    REQUIRE(r.err.isEmpty());
}

WardctlRun Wardctl::unlocked(QStringList args, const char* passphrase) const
{
    args.append(QString::fromLatin1(kWardctlPassphraseFlag));
    return run(args, QByteArray(passphrase != nullptr ? passphrase : kPassphrase) + '\n');
}

void checkWardctlFailure(const WardctlRun& run, int exitCode)
{
    INFO(run);
    CHECK(run.exitCode == exitCode);
    CHECK(run.err.count('\n') == 1);
    CHECK(run.err.endsWith('\n'));
    CHECK(run.err.startsWith("wardctl: "));
}

} // namespace ward::test
