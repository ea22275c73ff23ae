#include "Commands.h"
#include "ExitCode.h"
#include "PassphraseInput.h"

#include <cstdio>

namespace ward::ctl {

namespace {

const QString kStdin = QStringLiteral("--passphrase-stdin");

Error missingStdinFlag()
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("This command opens the profile: add --passphrase-stdin and write the passphrase on "
                       "standard input."));
}

} // namespace

std::unique_ptr<store::ProfileSession> openProfile(Arguments& args, int& exitCode)
{
    if (!args.flag(kStdin)) {
        exitCode = usage(missingStdinFlag().message);
        return nullptr;
    }
    auto passphrase = readPassphraseLine("Passphrase");
    if (!passphrase) {
        exitCode = fail(passphrase.error());
        return nullptr;
    }
    auto session = store::Profile::unlock(args.profileDir(), passphrase.value());
    if (!session) {
        exitCode = fail(session.error());
        return nullptr;
    }
    exitCode = kExitOk;
    return std::move(session).value();
}

int runInit(Arguments& args)
{
    if (auto problem = args.validate({ { QStringLiteral("--kdf-target-ms") }, { kStdin } }, 1)) {
        return usage(*problem);
    }
    if (!args.flag(kStdin)) {
        return usage(missingStdinFlag().message);
    }
    store::ProfileOptions options;
    if (auto target = args.value(QStringLiteral("--kdf-target-ms"))) {
        bool ok = false;
        const int ms = target->toInt(&ok);
        if (!ok || ms < 0 || ms > 60'000) {
            return usage(QStringLiteral("--kdf-target-ms takes a number of milliseconds from 0 to 60000"));
        }
        options.kdfTarget = std::chrono::milliseconds(ms);
    }
    auto passphrase = readPassphraseLine("New passphrase");
    if (!passphrase) {
        return fail(passphrase.error());
    }
    auto session = store::Profile::create(args.profileDir(), passphrase.value(), options);
    if (!session) {
        return fail(session.error());
    }
    std::printf("Created a Ward profile in %s\n", args.profileDir().toUtf8().constData());
    return kExitOk;
}

int runPasswd(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin } }, 1)) {
        return usage(*problem);
    }
    if (!args.flag(kStdin)) {
        return usage(missingStdinFlag().message);
    }
    auto oldPassphrase = readPassphraseLine("Current passphrase");
    if (!oldPassphrase) {
        return fail(oldPassphrase.error());
    }
    auto newPassphrase = readPassphraseLine("New passphrase");
    if (!newPassphrase) {
        return fail(newPassphrase.error());
    }
    if (auto status
        = store::Profile::changePassphrase(args.profileDir(), oldPassphrase.value(), newPassphrase.value());
        !status) {
        return fail(status.error());
    }
    std::printf("Passphrase changed.\n");
    return kExitOk;
}

} // namespace ward::ctl
