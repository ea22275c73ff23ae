// The headless client's short commands against the clinic server: whoami, queue (a clinician's waiting
// room, reasons opened with this device's static secret) and admit.
#include "Commands.h"
#include "ExitCode.h"
#include "ServerClient.h"

#include "net/VisitReason.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"

#include <QDateTime>

#include <cstdio>
#include <limits>

namespace ward::ctl {

namespace {

const QString kStdin = QStringLiteral("--passphrase-stdin");
const QString kJson = QStringLiteral("--json");
const QString kRoom = QStringLiteral("--room");

QByteArray utf8(const QString& text)
{
    return text.toUtf8();
}

int malformedReply(const protocol::ProtocolError& error)
{
    std::fprintf(
        stderr, "wardctl: The server's answer could not be read: %s\n", utf8(error.message).constData());
    return kExitFailure;
}

// Writes `bytes` as the inside of a JSON string (quotes and control characters escaped) straight to
// stdout, so an opened reason never passes through a QString.
void writeJsonString(const std::uint8_t* bytes, std::size_t size)
{
    std::fputc('"', stdout);
    for (std::size_t i = 0; i < size; ++i) {
        const auto c = bytes[i];
        if (c == '"' || c == '\\') {
            std::fputc('\\', stdout);
            std::fputc(c, stdout);
        } else if (c < 0x20) {
            std::fprintf(stdout, "\\u%04x", c);
        } else {
            std::fputc(c, stdout);
        }
    }
    std::fputc('"', stdout);
}

void writeJsonString(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    writeJsonString(
        reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
}

int whoami(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin } }, 1); problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("whoami takes no arguments")));
    }
    int exitCode = kExitOk;
    auto client = openAndSignIn(args, exitCode);
    if (!client) {
        return exitCode;
    }
    auto reply = callServer(*client->session, protocol::type::kWhoAmI);
    if (!reply) {
        return failRemote(reply.error());
    }
    const protocol::BodyReader body(reply.value());
    auto user = body.userId("user");
    auto name = body.text("name", protocol::kMaxNameChars);
    auto role = body.text("role", 16);
    auto serverName = body.text("serverName", protocol::kMaxNameChars);
    if (!user || !name || !role || !serverName) {
        return malformedReply(!user ? user.error()
                : !name             ? name.error()
                : !role             ? role.error()
                                    : serverName.error());
    }
    std::printf("user: %s\n", utf8(user.value()).constData());
    std::printf("name: %s\n", utf8(name.value()).constData());
    std::printf("role: %s\n", utf8(role.value()).constData());
    std::printf("server: %s (%s)\n", utf8(serverName.value()).constData(),
        utf8(client->account.serverAddress()).constData());
    return kExitOk;
}

void printEntry(const QCborMap& entry, const crypto::DeviceIdentity& identity, bool json, bool first)
{
    const protocol::BodyReader reader(entry);
    const QString user = valueOr(reader.userId("user"), QString());
    const QString name = valueOr(reader.text("name", protocol::kMaxNameChars), QString());
    const QString state = valueOr(reader.text("state", 16), QStringLiteral("waiting"));
    const qint64 since = valueOr<qint64>(reader.integer("sinceMs", 0, std::numeric_limits<qint64>::max()), 0);
    const qint64 minutes = std::max<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - since) / 60'000);
    const crypto::SecretBytes reason = net::openVisitReason(entry, identity);
    if (json) {
        std::fputs(first ? "\n  {\"user\": " : ",\n  {\"user\": ", stdout);
        writeJsonString(user);
        std::fputs(", \"name\": ", stdout);
        writeJsonString(name);
        std::fprintf(stdout, ", \"minutesWaiting\": %lld, \"state\": ", static_cast<long long>(minutes));
        writeJsonString(state);
        std::fputs(", \"reason\": ", stdout);
        if (reason.empty()) {
            std::fputs("null", stdout);
        } else {
            writeJsonString(reason.data(), reason.size());
        }
        std::fputc('}', stdout);
        return;
    }
    std::printf("%s\t%s\t%lld min\t%s\t", utf8(user).constData(), utf8(name).constData(),
        static_cast<long long>(minutes), utf8(state).constData());
    if (reason.empty()) {
        std::fputs("(no reason for this device)", stdout);
    } else {
        std::fwrite(reason.data(), 1, reason.size(), stdout);
    }
    std::fputc('\n', stdout);
}

int queue(Arguments& args)
{
    if (auto problem = args.validate({ { kRoom }, { kStdin, kJson } }, 1);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("queue takes no arguments")));
    }
    int exitCode = kExitOk;
    auto client = openAndSignIn(args, exitCode);
    if (!client) {
        return exitCode;
    }
    QCborMap request;
    if (auto room = args.value(kRoom)) {
        request.insert(QLatin1String("room"), *room);
    }
    auto reply = callServer(*client->session, protocol::type::kRoomQueue, request);
    if (!reply) {
        return failRemote(reply.error());
    }
    auto entries = protocol::BodyReader(reply.value()).mapArray("entries", protocol::kMaxListItems);
    if (!entries) {
        return malformedReply(entries.error());
    }
    const bool json = args.flag(kJson);
    if (json) {
        std::fputc('[', stdout);
    } else if (entries->isEmpty()) {
        std::puts("nobody is waiting");
    }
    bool first = true;
    for (const QCborValue& entry : entries.value()) {
        printEntry(entry.toMap(), client->profile->identity(), json, first);
        first = false;
    }
    if (json) {
        std::fputs(first ? "]\n" : "\n]\n", stdout);
    }
    return kExitOk;
}

int admit(Arguments& args)
{
    if (auto problem = args.validate({ {}, { kStdin } }, 1); problem || args.positionals().size() != 1) {
        return usage(problem.value_or(QStringLiteral("admit takes the patient's user id")));
    }
    const QString patient = args.positionals().first();
    if (!protocol::isValidUserId(patient)) {
        return usage(QStringLiteral("'%1' is not a user id").arg(patient));
    }
    int exitCode = kExitOk;
    auto client = openAndSignIn(args, exitCode);
    if (!client) {
        return exitCode;
    }
    QCborMap request;
    request.insert(QLatin1String("user"), patient);
    auto reply = callServer(*client->session, protocol::type::kRoomAdmit, request);
    if (!reply) {
        return failRemote(reply.error());
    }
    auto visit = protocol::BodyReader(reply.value()).text("visit", protocol::kMaxNameChars);
    if (!visit) {
        return malformedReply(visit.error());
    }
    std::printf("admitted %s visit=%s\n", utf8(patient).constData(), utf8(visit.value()).constData());
    return kExitOk;
}

} // namespace

int runWhoAmI(Arguments& args)
{
    return whoami(args);
}

int runQueue(Arguments& args)
{
    return queue(args);
}

int runAdmit(Arguments& args)
{
    return admit(args);
}

} // namespace ward::ctl
