// `wardctl enrol LINK`: enrols this profile's device with a clinic from an invitation link, creating the
// profile first when there is none. For clinic roles it prints the authenticator link and reads the first
// code as a line on stdin after the passphrase.
#include "Commands.h"
#include "ExitCode.h"
#include "PassphraseInput.h"

#include "net/Enrolment.h"
#include "protocol/EnrolmentLink.h"

#include <QEventLoop>
#include <QSysInfo>

#include <cstdio>

namespace ward::ctl {

namespace {

const QString kStdin = QStringLiteral("--passphrase-stdin");
const QString kDeviceName = QStringLiteral("--device-name");

std::unique_ptr<store::ProfileSession> openOrCreateProfile(Arguments& args, int& exitCode)
{
    if (store::Profile::exists(args.profileDir())) {
        return openProfile(args, exitCode);
    }
    auto passphrase = readPassphraseLine("New passphrase");
    if (!passphrase) {
        exitCode = fail(passphrase.error());
        return nullptr;
    }
    auto session = store::Profile::create(args.profileDir(), passphrase.value());
    if (!session) {
        exitCode = fail(session.error());
        return nullptr;
    }
    exitCode = kExitOk;
    return std::move(session).value();
}

int failureExit(net::Enrolment::Failure failure)
{
    switch (failure) {
    case net::Enrolment::Failure::Unreachable:
        return kExitOffline;
    case net::Enrolment::Failure::CertificateMismatch:
        return kExitCertificateMismatch;
    case net::Enrolment::Failure::Refused:
    case net::Enrolment::Failure::Untrusted:
        return kExitRefused;
    }
    return kExitRefused;
}

// Runs the enrolment to its end; the saved account on success.
int enrol(net::Enrolment& enrolment, store::ProfileSession& profile)
{
    QEventLoop loop;
    int exitCode = kExitOk;
    auto readCode = [&] {
        auto code = readSecretLine("Authenticator code", "authenticator code");
        if (!code) {
            exitCode = fail(code.error());
            loop.quit();
            return;
        }
        enrolment.confirm(code.value());
    };
    QObject::connect(&enrolment, &net::Enrolment::totpSetupNeeded, &loop, [&] {
        const crypto::SecretBytes& uri = enrolment.totpUri();
        if (!uri.empty()) {
            std::fputs("otpauth: ", stdout);
            std::fwrite(uri.data(), 1, uri.size(), stdout);
            std::fputc('\n', stdout);
        }
        std::fflush(stdout);
        readCode();
    });
    QObject::connect(&enrolment, &net::Enrolment::totpRejected, &loop, [&](const QString& message) {
        std::fprintf(stderr, "wardctl: %s\n", message.toUtf8().constData());
        readCode();
    });
    QObject::connect(&enrolment, &net::Enrolment::failed, &loop, [&](const QString& message) {
        std::fprintf(stderr, "wardctl: %s\n", message.toUtf8().constData());
        exitCode = failureExit(enrolment.failure());
        loop.quit();
    });
    QObject::connect(&enrolment, &net::Enrolment::finished, &loop, [&](const net::ServerAccount& account) {
        auto settings = profile.settings();
        if (auto saved = account.save(settings); !saved) {
            exitCode = fail(saved.error());
        } else {
            (void)profile.audit().appendNamed(QStringLiteral("ServerEnrolled"),
                QStringLiteral("%1 at %2").arg(account.userId, account.serverAddress()));
            std::printf("enrolled %s as %s at %s\n", account.userId.toUtf8().constData(),
                crypto::credential::roleName(account.role).toUtf8().constData(),
                account.serverName.toUtf8().constData());
        }
        loop.quit();
    });
    enrolment.start();
    loop.exec();
    return exitCode;
}

} // namespace

int runEnrol(Arguments& args)
{
    if (auto problem = args.validate({ { kDeviceName }, { kStdin } }, 1);
        problem || args.positionals().size() != 1) {
        return usage(problem.value_or(QStringLiteral("enrol takes one invitation link")));
    }
    if (!args.flag(kStdin)) {
        return usage(QStringLiteral("enrol reads the profile's passphrase: add --passphrase-stdin"));
    }
    const QByteArray linkText = args.positionals().first().toUtf8();
    auto link = protocol::EnrolmentLink::parse(reinterpret_cast<const std::uint8_t*>(linkText.constData()),
        static_cast<std::size_t>(linkText.size()));
    if (!link) {
        return fail(link.error());
    }
    const QString deviceName = args.value(kDeviceName).value_or(QSysInfo::machineHostName()).left(128);
    if (deviceName.trimmed().isEmpty()) {
        return usage(QStringLiteral("--device-name needs a name"));
    }
    int exitCode = kExitOk;
    auto profile = openOrCreateProfile(args, exitCode);
    if (!profile) {
        return exitCode;
    }
    net::Enrolment enrolment(std::move(link).value(), profile->identity(), deviceName);
    return enrol(enrolment, *profile);
}

} // namespace ward::ctl
