#include "ServerCommands.h"

#include "DataFolder.h"
#include "ServerAuditEvent.h"
#include "ServerCommandLine.h"
#include "ServerKeyFile.h"
#include "ServerLog.h"
#include "ShutdownSignals.h"
#include "WardServer.h"
#include "crypto/credential/OrganisationFingerprint.h"
#include "protocol/CertificatePin.h"
#include "protocol/EnrolmentLink.h"
#include "store/CipherGuard.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstdio>

namespace ward::server {

namespace {

constexpr qsizetype kMaxTurnSecretBytes = 1024;

int fail(const QString& message)
{
    const QByteArray text = "ward-server: " + message.toUtf8() + '\n';
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stderr);
    return kExitFailure;
}

int usage(const QString& message)
{
    const QByteArray text = "ward-server: " + message.toUtf8() + " (see ward-server --help)\n";
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stderr);
    return kExitUsage;
}

void printLine(const QString& line)
{
    const QByteArray text = line.toUtf8() + '\n';
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
    std::fflush(stdout);
}

Result<crypto::SecretBytes> readTurnSecret(const QString& path)
{
    if (auto safe = requireOwnerOnly(path, QStringLiteral("TURN secret file")); !safe) {
        return safe.error();
    }
    auto read = readSecretFile(
        path, static_cast<std::size_t>(kMaxTurnSecretBytes), QStringLiteral("TURN secret file"));
    if (!read && read.error().code != ErrorCode::InvalidArgument) {
        return read.error();
    }
    crypto::SecretBytes secret = read ? std::move(read).value() : crypto::SecretBytes {};
    std::size_t size = secret.size();
    while (size > 0 && (secret.data()[size - 1] == '\n' || secret.data()[size - 1] == '\r')) {
        --size;
    }
    if (size == 0) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The TURN secret file %1 must hold the shared secret (1 to %2 bytes) as coturn's "
                           "static-auth-secret has it.")
                .arg(path)
                .arg(kMaxTurnSecretBytes));
    }
    secret.resize(size);
    return secret;
}

Result<QHostAddress> listenAddress(const QString& host)
{
    if (host == QLatin1String("localhost")) {
        return QHostAddress(QHostAddress::LocalHost);
    }
    QHostAddress address(host);
    if (address.isNull()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("--listen needs an IP address to listen on (such as 0.0.0.0:7443 or "
                           "127.0.0.1:7443), not \"%1\".")
                .arg(host));
    }
    return address;
}

Result<ServerOptions> serverOptions(const ServerCommandLine& line)
{
    // Port 0 (any free port) is fine to listen on, though no invitation may name it.
    QString listen = line.value(QStringLiteral("--listen")).value_or(QString());
    const bool anyPort = listen.endsWith(QLatin1String(":0"));
    if (anyPort) {
        listen.replace(listen.size() - 1, 1, QLatin1Char('1'));
    }
    auto hostPort = protocol::parseHostPort(listen);
    if (!hostPort) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("--listen: %1").arg(hostPort.error().message));
    }
    auto address = listenAddress(hostPort->host);
    if (!address) {
        return address.error();
    }
    ServerOptions options;
    options.listenAddress = address.value();
    options.port = anyPort ? 0 : hostPort->port;
    for (const auto& [option, target] : { std::pair { "--max-connections", &options.maxConnections },
             std::pair { "--max-connections-per-address", &options.maxConnectionsPerAddress } }) {
        if (auto text = line.value(QLatin1String(option))) {
            bool ok = false;
            const int value = text->toInt(&ok);
            if (!ok || value < 1 || value > 1'000'000) {
                return makeError(ErrorCode::InvalidArgument,
                    QStringLiteral("%1 needs a whole number from 1 to 1000000.").arg(QLatin1String(option)));
            }
            *target = value;
        }
    }
    return options;
}

Result<TurnSettings> turnSettings(const ServerCommandLine& line)
{
    TurnSettings turn;
    turn.uris = line.values(QStringLiteral("--turn-uri"));
    if (auto file = line.value(QStringLiteral("--turn-secret-file"))) {
        auto secret = readTurnSecret(*file);
        if (!secret) {
            return secret.error();
        }
        turn.sharedSecret = std::move(secret).value();
    }
    return turn;
}

QString hostPortText(const QHostAddress& address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(address.toString())
        : address.toString();
    return QStringLiteral("%1:%2").arg(host, QString::number(port));
}

} // namespace

int runInitCommand(const ServerCommandLine& line)
{
    if (auto problem
        = line.validate({ QStringLiteral("--data"), QStringLiteral("--name"), QStringLiteral("--address"),
                            QStringLiteral("--tls-cert"), QStringLiteral("--tls-key") },
            { QStringLiteral("--data"), QStringLiteral("--name"), QStringLiteral("--address") })) {
        return usage(*problem);
    }
    if (auto selfTest = store::verifyEncryptionAtStartup(QDir::tempPath()); !selfTest) {
        return fail(selfTest.error().message);
    }
    const InitOptions options { *line.value(QStringLiteral("--name")),
        *line.value(QStringLiteral("--address")),
        line.value(QStringLiteral("--tls-cert")).value_or(QString()),
        line.value(QStringLiteral("--tls-key")).value_or(QString()) };
    auto report = DataFolder(*line.value(QStringLiteral("--data"))).init(options);
    if (!report) {
        return fail(report.error().message);
    }
    printLine(QStringLiteral("certificate-pin: %1").arg(protocol::certificatePinHex(report->certificatePin)));
    printLine(QStringLiteral("organisation-fingerprint: %1")
                  .arg(crypto::credential::organisationFingerprint(report->organisationKey)));
    return kExitOk;
}

int runServeCommand(const ServerCommandLine& line)
{
    if (auto problem
        = line.validate({ QStringLiteral("--data"), QStringLiteral("--listen"), QStringLiteral("--turn-uri"),
                            QStringLiteral("--turn-secret-file"), QStringLiteral("--max-connections"),
                            QStringLiteral("--max-connections-per-address") },
            { QStringLiteral("--data"), QStringLiteral("--listen") })) {
        return usage(*problem);
    }
    auto options = serverOptions(line);
    if (!options) {
        return usage(options.error().message);
    }
    auto turn = turnSettings(line);
    if (!turn) {
        return fail(turn.error().message);
    }
    if (auto selfTest = store::verifyEncryptionAtStartup(QDir::tempPath()); !selfTest) {
        return fail(selfTest.error().message);
    }
    auto data = DataFolder(*line.value(QStringLiteral("--data"))).open();
    if (!data) {
        return fail(data.error().message);
    }
    ShutdownSignals stopSignals;
    WardServer server(**data, std::move(turn).value(), options.value());
    if (auto listening = server.listen(); !listening) {
        return fail(listening.error().message);
    }
    if (auto logged = (*data)->audit().appendNamed(serverAuditEventName(ServerAuditEvent::ServerStarted),
            QStringLiteral("port=%1").arg(server.port()));
        !logged) {
        return fail(logged.error().message);
    }
    logEvent(QStringLiteral("started: %1 connections at most, %2 per address")
                 .arg(options->maxConnections)
                 .arg(options->maxConnectionsPerAddress));
    printLine(QStringLiteral("listening on %1").arg(hostPortText(options->listenAddress, server.port())));

    int status = kExitOk;
    QObject::connect(&stopSignals, &ShutdownSignals::requested, &server, &WardServer::stop);
    QObject::connect(&server, &WardServer::stopped, [&] {
        if (auto logged = (*data)->audit().appendNamed(serverAuditEventName(ServerAuditEvent::ServerStopped));
            !logged) {
            logEvent(QStringLiteral("could not write server.stopped to the audit log"));
            status = kExitFailure;
        }
        logEvent(QStringLiteral("stopped"));
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    return status;
}

} // namespace ward::server
