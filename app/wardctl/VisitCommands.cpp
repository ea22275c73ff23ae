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

void printJson(const QJsonValue& value)
{
    const QByteArray text = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)
                                            : QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
}

// Newlines and tabs in a person's text would break the one-visit-per-line table.
QString oneLine(const QString& text)
{
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\t'), QLatin1Char(' '));
    return flat;
}

void printTable(const std::vector<store::VisitSummary>& visits)
{
    for (const store::VisitSummary& v : visits) {
        std::printf("%lld\t%s\t%s\t%s\t%s\n", static_cast<long long>(v.id),
            localTime(v.startedAtMs).toUtf8().constData(), oneLine(v.otherParty).toUtf8().constData(),
            oneLine(v.reason).toUtf8().constData(), store::visitStatusName(v.status).toUtf8().constData());
    }
}

int add(Arguments& args)
{
    if (auto problem
        = args.validate({ { QStringLiteral("--with"), QStringLiteral("--reason"), QStringLiteral("--notes") },
                            { kStdin } },
            2)) {
        return usage(*problem);
    }
    const auto with = args.value(QStringLiteral("--with"));
    const auto reason = args.value(QStringLiteral("--reason"));
    if (!with || !reason || !args.positionals().isEmpty()) {
        return usage(QStringLiteral("visit add needs --with NAME and --reason TEXT"));
    }
    int exitCode = kExitOk;
    auto session = openProfile(args, exitCode);
    if (!session) {
        return exitCode;
    }
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    store::NewVisit visit;
    visit.startedAtMs = now;
    visit.otherParty = *with;
    visit.reason = *reason;
    visit.notes = args.value(QStringLiteral("--notes")).value_or(QString());
    visit.participants.push_back(store::Participant { 0, *with, QStringLiteral("other"), false });
    auto id = session->visits().add(visit);
    if (!id) {
        return fail(id.error());
    }
    std::printf("%lld\n", static_cast<long long>(id.value()));
    return kExitOk;
}

int list(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin, kJson } }, 2);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("visit list takes no arguments")));
    }
    int exitCode = kExitOk;
    auto session = openProfile(args, exitCode);
    if (!session) {
        return exitCode;
    }
    std::vector<store::VisitSummary> all;
    for (int offset = 0;; offset += store::VisitRepository::kMaxPageSize) {
        auto page = session->visits().newest(store::VisitRepository::kMaxPageSize, offset);
        if (!page) {
            return fail(page.error());
        }
        all.insert(all.end(), page->begin(), page->end());
        if (static_cast<int>(page->size()) < store::VisitRepository::kMaxPageSize) {
            break;
        }
    }
    if (!args.flag(kJson)) {
        printTable(all);
        return kExitOk;
    }
    std::vector<std::int64_t> ids;
    for (const auto& v : all) {
        ids.push_back(v.id);
    }
    auto visits = session->visits().exportVisits(ids);
    if (!visits) {
        return fail(visits.error());
    }
    QJsonArray out;
    for (const store::Visit& v : visits.value()) {
        out.append(toJson(v));
    }
    printJson(out);
    return kExitOk;
}

int show(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin, kJson } }, 2)) {
        return usage(*problem);
    }
    bool ok = false;
    const qint64 id = args.positionals().size() == 1 ? args.positionals().first().toLongLong(&ok) : 0;
    if (!ok || id <= 0) {
        return usage(QStringLiteral("visit show needs one visit id (a number from visit list)"));
    }
    int exitCode = kExitOk;
    auto session = openProfile(args, exitCode);
    if (!session) {
        return exitCode;
    }
    if (args.flag(kJson)) {
        auto visits = session->visits().exportVisits({ id });
        if (!visits) {
            return fail(visits.error());
        }
        printJson(toJson(visits->front()));
        return kExitOk;
    }
    auto visit = session->visits().view(id);
    if (!visit) {
        return fail(visit.error());
    }
    const store::Visit& v = visit.value();
    std::printf("Visit %lld\nWith: %s\nStarted: %s\nEnded: %s\nStatus: %s\nReason: %s\nNotes:\n%s\n",
        static_cast<long long>(v.id), v.otherParty.toUtf8().constData(),
        localTime(v.startedAtMs).toUtf8().constData(),
        v.endedAtMs ? localTime(*v.endedAtMs).toUtf8().constData() : "-",
        store::visitStatusName(v.status).toUtf8().constData(), v.reason.toUtf8().constData(),
        v.notes.toUtf8().constData());
    return kExitOk;
}

int search(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin } }, 2)) {
        return usage(*problem);
    }
    if (args.positionals().isEmpty()) {
        return usage(QStringLiteral("visit search needs the text to look for"));
    }
    int exitCode = kExitOk;
    auto session = openProfile(args, exitCode);
    if (!session) {
        return exitCode;
    }
    auto found = session->visits().search(
        args.positionals().join(QLatin1Char(' ')), store::VisitRepository::kMaxPageSize);
    if (!found) {
        return fail(found.error());
    }
    printTable(found.value());
    return kExitOk;
}

} // namespace

int runVisit(Arguments& args)
{
    const QString sub = args.words().value(1);
    if (sub == QLatin1String("add")) {
        return add(args);
    }
    if (sub == QLatin1String("list")) {
        return list(args);
    }
    if (sub == QLatin1String("show")) {
        return show(args);
    }
    if (sub == QLatin1String("search")) {
        return search(args);
    }
    return usage(QStringLiteral("visit needs one of: add, list, show, search"));
}

} // namespace ward::ctl
