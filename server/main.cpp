// ward-server: the clinic's server. `init` creates its data folder (store, keys, TLS certificate) and prints
// what invitations carry; `run` serves clients over TLS WebSockets until SIGTERM or SIGINT.
#include "ServerCommandLine.h"
#include "ServerCommands.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

constexpr char kHelp[] = R"(Usage: ward-server COMMAND [options]

  init --data DIR --name TEXT --address HOST:PORT [--tls-cert FILE --tls-key FILE]
      Create a data folder in DIR (new or empty): the encrypted store, its key (server.key, or from
      WARD_SERVER_DB_KEY), the organisation keys and a TLS certificate (self-signed unless --tls-cert and
      --tls-key give one, PEM, key unencrypted). HOST:PORT is the address invitations send clients to.
      Prints "certificate-pin: HEX" and "organisation-fingerprint: ..." for checking invitations.

  run --data DIR --listen HOST:PORT [--turn-uri URI ...] [--turn-secret-file FILE]
      [--max-connections N] [--max-connections-per-address N]
      Serve clients on HOST:PORT (an IP address; port 0 picks a free one). Prints one line
      "listening on HOST:PORT" once ready. --turn-uri (repeatable) and --turn-secret-file (owner-only file
      holding coturn's static-auth-secret) let clients get TURN credentials. Defaults: 10000 connections,
      1000 per address. SIGTERM or SIGINT stops cleanly.

Environment: WARD_SERVER_DB_KEY  the store's key as 64 hex digits (then no server.key is written or read).
Exit status: 0 success, 1 failure, 2 usage.
)";

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ward-server"));
    const auto line = ward::server::ServerCommandLine::parse(QCoreApplication::arguments().mid(1));
    if (line.helpRequested()) {
        std::fputs(kHelp, stdout);
        return ward::server::kExitOk;
    }
    if (!line.error().isEmpty()) {
        std::fprintf(stderr, "ward-server: %s (see ward-server --help)\n", qPrintable(line.error()));
        return ward::server::kExitUsage;
    }
    if (line.command() == QLatin1String("init")) {
        return ward::server::runInitCommand(line);
    }
    if (line.command() == QLatin1String("run")) {
        return ward::server::runServeCommand(line);
    }
    std::fprintf(
        stderr, "ward-server: unknown command \"%s\" (see ward-server --help)\n", qPrintable(line.command()));
    return ward::server::kExitUsage;
}
