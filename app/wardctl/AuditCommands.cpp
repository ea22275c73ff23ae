#include "Commands.h"
#include "ExitCode.h"
#include "VisitJson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace ward::ctl {

namespace {

const QString kStdin = QStringLiteral("--passphrase-stdin");
const QString kJson = QStringLiteral("--json");

int list(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin, kJson } }, 2);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("audit list takes no arguments")));
    }
    int exitCode = kExitOk;
    auto session = openProfile(args, exitCode);
    if (!session) {
        return exitCode;
    }
    if (args.flag(kJson)) {
        if (auto status = session->audit().append(store::AuditEvent::AuditExported); !status) {
            return fail(status.error());
        }
    }
    auto entries = session->audit().entries();
    if (!entries) {
        return fail(entries.error());
    }
    if (args.flag(kJson)) {
        QJsonArray out;
        for (const store::AuditEntry& e : entries.value()) {
            out.append(toJson(e));
        }
        const QByteArray text = QJsonDocument(out).toJson(QJsonDocument::Indented);
        std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
        return kExitOk;
    }
    for (const store::AuditEntry& e : entries.value()) {
        std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(e.seq), isoTime(e.atMs).toUtf8().constData(),
            e.event.toUtf8().constData(), e.detail.toUtf8().constData());
    }
    return kExitOk;
}

int verify(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin } }, 2); problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("audit verify takes no arguments")));
    }
    int exitCode = kExitOk;
    auto session = openProfile(args, exitCode);
    if (!session) {
        return exitCode;
    }
    auto result = session->audit().verify();
    if (!result) {
        return fail(result.error());
    }
    if (!result->intact) {
        std::fprintf(stderr, "wardctl: the audit log has been tampered with: %s\n",
            result->problem.toUtf8().constData());
        return kExitFailure;
    }
    std::printf("The audit log is intact: %lld entries.\n", static_cast<long long>(result->entries));
    return kExitOk;
}

} // namespace

int runAudit(Arguments& args)
{
    const QString sub = args.words().value(1);
    if (sub == QLatin1String("list")) {
        return list(args);
    }
    if (sub == QLatin1String("verify")) {
        return verify(args);
    }
    return usage(QStringLiteral("audit needs one of: list, verify"));
}

} // namespace ward::ctl
