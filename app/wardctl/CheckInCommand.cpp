// `wardctl checkin`: a patient checks in to a clinician's waiting room and waits. The reason is sealed to
// each of the clinician's devices whose static key is signed by its device key and whose clinic credential
// verifies against the organisation key pinned at enrolment, so the server cannot slip in a device of its
// own. Prints its place whenever it changes; ends on admission (exit 0), on being sent back, or on SIGINT or
// SIGTERM after telling the server it left.
#include "Commands.h"
#include "ExitCode.h"
#include "ServerClient.h"
#include "StopSignals.h"

#include "crypto/SealedBox.h"
#include "net/VisitReason.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"

#include <QDateTime>
#include <QEventLoop>

#include <cstdio>

namespace ward::ctl {

namespace {

const QString kStdin = QStringLiteral("--passphrase-stdin");
const QString kRoom = QStringLiteral("--room");
const QString kReason = QStringLiteral("--reason");

Result<QCborArray> sealReasons(
    net::ClientSession& session, const QString& room, const crypto::SecretBytes& reason, int& exitCode)
{
    QCborMap lookup;
    lookup.insert(QLatin1String("user"), room);
    auto reply = callServer(session, protocol::type::kDirectoryLookup, lookup);
    if (!reply) {
        exitCode = failRemote(reply.error());
        return makeError(ErrorCode::NotFound, QString());
    }
    auto devices = protocol::BodyReader(reply.value()).mapArray("devices", protocol::kMaxListItems);
    auto reasons = net::sealVisitReason(valueOr(devices, QCborArray()), session.account().organisationKey,
        reason, QDateTime::currentSecsSinceEpoch());
    if (!reasons) {
        if (reasons.error().code == ErrorCode::NotFound) {
            std::fprintf(stderr, "wardctl: %s\n", reasons.error().message.toUtf8().constData());
            exitCode = kExitRefused;
        } else {
            exitCode = fail(reasons.error());
        }
        return reasons.error();
    }
    return reasons;
}

class Waiting {
public:
    Waiting(net::ClientSession& session, QCborMap checkIn)
        : m_session(session)
        , m_checkIn(std::move(checkIn))
    { }

    int run()
    {
        StopSignals stop;
        QObject::connect(&stop, &StopSignals::stopRequested, &m_loop, [this] { leave(); });
        QObject::connect(&m_session, &net::ClientSession::pushReceived, &m_loop,
            [this](const protocol::Message& push) { onPush(push); });
        QObject::connect(
            &m_session, &net::ClientSession::stateChanged, &m_loop, [this](net::ConnectionState state) {
                // Back after a dropped link (resumed without a code): stand in the queue again.
                if (state == net::ConnectionState::Online) {
                    send();
                } else if (state == net::ConnectionState::SignInNeeded
                    || state == net::ConnectionState::CertificateMismatch) {
                    std::fprintf(stderr, "wardctl: %s\n", m_session.statusMessage().toUtf8().constData());
                    finish(state == net::ConnectionState::SignInNeeded ? kExitRefused
                                                                       : kExitCertificateMismatch);
                }
            });
        send();
        if (m_exitCode < 0) {
            m_loop.exec();
        }
        return m_exitCode;
    }

private:
    void finish(int exitCode)
    {
        if (m_exitCode < 0) {
            m_exitCode = exitCode;
        }
        m_loop.quit();
    }

    void send()
    {
        m_session.request(protocol::type::kRoomCheckIn, m_checkIn, [this](auto reply) {
            if (!reply) {
                if (reply.error().wire != protocol::WireError::Offline) {
                    finish(failRemote(reply.error()));
                }
                return; // offline: the session reconnects and send() runs again
            }
            showPlace(reply.value());
        });
    }

    void showPlace(const QCborMap& body)
    {
        const protocol::BodyReader reader(body);
        const qint64 place = valueOr<qint64>(reader.integer("place", 0, protocol::kMaxListItems * 100), 0);
        const qint64 waiting
            = valueOr<qint64>(reader.integer("waiting", 0, protocol::kMaxListItems * 100), 0);
        if (place != m_place || waiting != m_waiting) {
            m_place = place;
            m_waiting = waiting;
            std::printf(
                "place %lld of %lld\n", static_cast<long long>(place), static_cast<long long>(waiting));
            std::fflush(stdout);
        }
    }

    void onPush(const protocol::Message& push)
    {
        if (push.type == QLatin1String(protocol::type::kRoomPlace)) {
            showPlace(push.body);
        } else if (push.type == QLatin1String(protocol::type::kRoomAdmitted)) {
            const QString visit
                = valueOr(protocol::BodyReader(push.body).text("visit", protocol::kMaxNameChars), QString());
            std::printf("admitted visit=%s\n", visit.toUtf8().constData());
            std::fflush(stdout);
            finish(kExitOk);
        } else if (push.type == QLatin1String(protocol::type::kRoomReturned)) {
            std::puts("returned");
            std::fflush(stdout);
            finish(kExitNotAdmitted);
        }
    }

    void leave()
    {
        if (m_leaving) {
            return;
        }
        m_leaving = true;
        m_session.request(protocol::type::kRoomLeave, {}, [this](auto) {
            std::puts("interrupted");
            std::fflush(stdout);
            finish(kExitNotAdmitted);
        });
    }

    net::ClientSession& m_session;
    QCborMap m_checkIn;
    QEventLoop m_loop;
    int m_exitCode = -1;
    qint64 m_place = -1;
    qint64 m_waiting = -1;
    bool m_leaving = false;
};

} // namespace

int runCheckIn(Arguments& args)
{
    if (auto problem = args.validate({ { kRoom, kReason }, { kStdin } }, 1);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("checkin takes --room and --reason")));
    }
    const std::optional<QString> reasonText = args.value(kReason);
    if (!reasonText || reasonText->trimmed().isEmpty()) {
        return usage(QStringLiteral("checkin needs --reason TEXT"));
    }
    QByteArray reasonUtf8 = reasonText->toUtf8();
    crypto::SecretBytes reason(reinterpret_cast<const std::uint8_t*>(reasonUtf8.constData()),
        static_cast<std::size_t>(reasonUtf8.size()));
    reasonUtf8.fill('\0');
    if (reason.size() > crypto::kMaxSealedBoxPlaintextBytes) {
        return usage(
            QStringLiteral("--reason is limited to %1 bytes").arg(crypto::kMaxSealedBoxPlaintextBytes));
    }

    int exitCode = kExitOk;
    auto client = openAndSignIn(args, exitCode);
    if (!client) {
        return exitCode;
    }
    const QString room = args.value(kRoom).value_or(client->account.room);
    if (!protocol::isValidUserId(room)) {
        return usage(room.isEmpty()
                ? QStringLiteral("checkin needs --room USER_ID: the invitation named no waiting room")
                : QStringLiteral("'%1' is not a user id").arg(room));
    }
    auto reasons = sealReasons(*client->session, room, reason, exitCode);
    if (!reasons) {
        return exitCode;
    }
    QCborMap checkIn;
    checkIn.insert(QLatin1String("room"), room);
    checkIn.insert(QLatin1String("reasons"), reasons.value());
    Waiting waiting(*client->session, std::move(checkIn));
    return waiting.run();
}

} // namespace ward::ctl
