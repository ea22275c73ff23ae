// `wardctl identity show`: this device's public identity, for IT and for comparing with what a peer sees.
#include "Commands.h"
#include "ExitCode.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace ward::ctl {

namespace {

const QString kStdin = QStringLiteral("--passphrase-stdin");
const QString kJson = QStringLiteral("--json");

int show(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin, kJson } }, 2);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("identity show takes no arguments")));
    }
    int exitCode = kExitOk;
    auto session = openProfile(args, exitCode);
    if (!session) {
        return exitCode;
    }
    const crypto::DeviceIdentityPublic& identity = session->identity().publicIdentity();
    if (args.flag(kJson)) {
        const QJsonObject out {
            { QStringLiteral("signingKey"), QString::fromLatin1(identity.signingKey.toHex()) },
            { QStringLiteral("staticKey"), QString::fromLatin1(identity.staticKey.toHex()) },
            { QStringLiteral("staticKeySignature"),
                QString::fromLatin1(identity.staticKeySignature.toHex()) },
            { QStringLiteral("fingerprint"), identity.fingerprint() },
        };
        const QByteArray text = QJsonDocument(out).toJson(QJsonDocument::Indented);
        std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
        return kExitOk;
    }
    std::printf("signing key (Ed25519):  %s\n", identity.signingKey.toHex().constData());
    std::printf("static key (X25519):    %s\n", identity.staticKey.toHex().constData());
    std::printf("static key signature:   %s\n", identity.staticKeySignature.toHex().constData());
    std::printf("device fingerprint:     %s\n", identity.fingerprint().toLatin1().constData());
    return kExitOk;
}

} // namespace

int runIdentity(Arguments& args)
{
    const QString sub = args.words().value(1);
    if (sub == QLatin1String("show")) {
        return show(args);
    }
    return usage(sub.isEmpty() ? QStringLiteral("identity needs a subcommand: show")
                               : QStringLiteral("unknown identity subcommand '%1'").arg(sub));
}

} // namespace ward::ctl
