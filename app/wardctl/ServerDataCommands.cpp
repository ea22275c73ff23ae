// Commands that act on a ward-server data folder directly, on the server machine, without a running
// server: `wardctl --server-data DIR invite create` makes the first admin's invitation (later ones come from
// a signed-in admin over the network). The folder's key file (or WARD_SERVER_DB_KEY) opens the store.
#include "Commands.h"
#include "ExitCode.h"

#include "DataFolder.h"
#include "Invitations.h"
#include "crypto/credential/Role.h"

#include <QDateTime>

#include <cstdio>

namespace ward::ctl {

namespace {

int inviteCreate(Arguments& args)
{
    OptionSpec spec;
    spec.withValue = { QStringLiteral("--role"), QStringLiteral("--user"), QStringLiteral("--name"),
        QStringLiteral("--ttl"), QStringLiteral("--room") };
    if (auto problem = args.validate(spec, 2)) {
        return usage(*problem);
    }
    if (!args.positionals().isEmpty()) {
        return usage(QStringLiteral("invite create takes no positional arguments"));
    }
    const auto roleText = args.value(QStringLiteral("--role"));
    const auto user = args.value(QStringLiteral("--user"));
    const auto name = args.value(QStringLiteral("--name"));
    if (!roleText || !user || !name) {
        return usage(QStringLiteral("invite create needs --role, --user and --name"));
    }
    const auto role = crypto::credential::parseRole(*roleText);
    if (!role) {
        return usage(QStringLiteral("--role must be patient, clinician, staff or admin"));
    }
    server::InvitationRequest request;
    request.role = *role;
    request.userId = *user;
    request.displayName = *name;
    request.roomId = args.value(QStringLiteral("--room")).value_or(QString());
    request.createdBy = QString::fromLatin1(server::kLocalCreator);
    if (const auto ttl = args.value(QStringLiteral("--ttl"))) {
        bool ok = false;
        request.ttlHours = ttl->toInt(&ok);
        if (!ok) {
            return usage(
                QStringLiteral("--ttl is a number of hours (1 to %1)").arg(server::kMaxInvitationTtlHours));
        }
    }

    auto data = server::DataFolder(args.serverDataDir()).open();
    if (!data) {
        return fail(data.error());
    }
    auto& folder = *data.value();
    auto invitation
        = server::createInvitation(folder.db(), folder.audit(), folder.identity(), systemClock(), request);
    if (!invitation) {
        return fail(invitation.error());
    }
    const auto& link = invitation->link;
    std::fwrite(link.data(), 1, link.size(), stdout);
    std::fputc('\n', stdout);
    const QString expires
        = QDateTime::fromMSecsSinceEpoch(invitation->expiresMs, Qt::UTC).toString(Qt::ISODate);
    std::fprintf(stderr, "This invitation works once and expires at %s.\n", qPrintable(expires));
    return kExitOk;
}

} // namespace

int runServerData(Arguments& args)
{
    if (args.words().value(0) == QLatin1String("invite")
        && args.words().value(1) == QLatin1String("create")) {
        return inviteCreate(args);
    }
    return usage(QStringLiteral("with --server-data, the command is: invite create"));
}

} // namespace ward::ctl
