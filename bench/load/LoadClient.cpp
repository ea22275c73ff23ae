#include "load/LoadClient.h"

#include "crypto/otp/Totp.h"
#include "net/VisitReason.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"

#include <QDateTime>
#include <QTimer>
#include <QtEndian>

#include <algorithm>

namespace ward::bench {

namespace {

using protocol::ProtocolError;

// Signal payload: sequence number and send stamp (µs, monotonic), big-endian, then zero padding.
constexpr int kStampBytes = 16;
// A TOTP code the server refused for a reason the next step may cure (a step already used).
constexpr int kMaxCodeAttempts = 3;
constexpr char kReason[] = "Load test: follow-up on a persistent cough";

QString key(const char* name)
{
    return QString::fromLatin1(name);
}

} // namespace

LoadClient::LoadClient(
    protocol::EnrolmentLink link, crypto::credential::Role role, LoadStats& stats, QObject* parent)
    : QObject(parent)
    , m_link(std::move(link))
    , m_role(role)
    , m_stats(stats)
    , m_identity(crypto::DeviceIdentity::generate())
{ }

LoadClient::~LoadClient() = default;

bool LoadClient::online() const
{
    return m_session && m_session->state() == net::ConnectionState::Online;
}

void LoadClient::finish(Done& done, bool ok)
{
    if (done) {
        Done call = std::move(done);
        done = nullptr;
        call(ok);
    }
}

void LoadClient::enrol(Done done)
{
    m_enrolDone = std::move(done);
    m_enrolment
        = std::make_unique<net::Enrolment>(std::move(m_link), m_identity, QStringLiteral("load device"));
    connect(m_enrolment.get(), &net::Enrolment::totpSetupNeeded, this, [this] { onTotpSetup(); });
    connect(m_enrolment.get(), &net::Enrolment::totpRejected, this, [this](const QString&) {
        m_stats.countFailure(QStringLiteral("enrol.confirm"), QStringLiteral("code refused"));
        if (++m_signInAttempts >= kMaxCodeAttempts) {
            finish(m_enrolDone, false);
            return;
        }
        withNextCode([this](const crypto::SecretBytes& code) {
            if (m_enrolment) {
                m_enrolment->confirm(code);
            }
        });
    });
    connect(m_enrolment.get(), &net::Enrolment::finished, this, [this](const net::ServerAccount& account) {
        m_account = account;
        m_userId = account.userId;
        m_signInAttempts = 0;
        // The enrolment is still inside its own signal: let the event loop delete it.
        m_enrolment.release()->deleteLater();
        finish(m_enrolDone, true);
    });
    connect(m_enrolment.get(), &net::Enrolment::failed, this, [this](const QString& message) {
        m_stats.countFailure(QStringLiteral("enrol"), message.left(80));
        m_enrolment.release()->deleteLater();
        finish(m_enrolDone, false);
    });
    m_enrolment->start();
}

void LoadClient::onTotpSetup()
{
    auto uri = crypto::otp::OtpAuthUri::parse(m_enrolment->totpUri());
    if (!uri) {
        m_stats.countFailure(QStringLiteral("enrol"), QStringLiteral("otpauth link did not parse"));
        finish(m_enrolDone, false);
        return;
    }
    m_totp.emplace(std::move(uri).value());
    withNextCode([this](const crypto::SecretBytes& code) {
        if (m_enrolment) {
            m_enrolment->confirm(code);
        }
    });
}

void LoadClient::withNextCode(std::function<void(const crypto::SecretBytes&)> use)
{
    const int period = m_totp->parameters.periodSeconds;
    const std::int64_t nowMs = QDateTime::currentMSecsSinceEpoch();
    const std::int64_t nowStep = nowMs / 1000 / period;
    const std::int64_t step = std::max(nowStep, m_lastStep + 1);
    // The server accepts one step either side of its own; a step further ahead waits for the clock.
    if (step > nowStep + 1) {
        const std::int64_t waitMs = (nowStep + 1) * period * 1000 - nowMs + 50;
        QTimer::singleShot(static_cast<int>(waitMs), this, [this, use] { withNextCode(use); });
        return;
    }
    m_lastStep = step;
    auto code = crypto::otp::totp(m_totp->secret, step * period, m_totp->parameters);
    if (!code) {
        m_stats.countFailure(QStringLiteral("totp"), code.error().message.left(80));
        return;
    }
    use(code.value());
}

void LoadClient::signIn(Done done)
{
    m_signInDone = std::move(done);
    m_session = std::make_unique<net::ClientSession>(*m_account, m_identity);
    connect(m_session.get(), &net::ClientSession::stateChanged, this,
        [this](net::ConnectionState state) { onStateChanged(state); });
    connect(m_session.get(), &net::ClientSession::pushReceived, this,
        [this](const protocol::Message& push) { onPush(push); });
    if (m_account->needsTotp()) {
        withNextCode([this](const crypto::SecretBytes& code) { m_session->signIn(code); });
    } else {
        m_session->start();
    }
}

void LoadClient::onStateChanged(net::ConnectionState state)
{
    if (state == net::ConnectionState::Online) {
        if (!m_signedIn) {
            m_signedIn = true;
            finish(m_signInDone, true);
        }
        return;
    }
    if (m_signedIn) {
        // Left Online after signing in: the session reconnects and resumes by itself; count it once.
        if (state == net::ConnectionState::Offline || state == net::ConnectionState::Connecting) {
            ++m_stats.drops;
            m_signedIn = false;
        }
        return;
    }
    if (state == net::ConnectionState::CertificateMismatch) {
        m_stats.countFailure(QStringLiteral("signin"), QStringLiteral("certificate mismatch"));
        finish(m_signInDone, false);
    } else if (state == net::ConnectionState::SignInNeeded) {
        m_stats.countFailure(QStringLiteral("signin"), m_session->statusMessage().left(80));
        if (!m_account->needsTotp() || ++m_signInAttempts >= kMaxCodeAttempts) {
            finish(m_signInDone, false);
            return;
        }
        withNextCode([this](const crypto::SecretBytes& code) { m_session->signIn(code); });
    }
}

void LoadClient::checkIn(const QString& clinician, Done done)
{
    auto shared = std::make_shared<Done>(std::move(done));
    QCborMap lookup;
    lookup.insert(key("user"), clinician);
    m_session->request(protocol::type::kDirectoryLookup, lookup,
        [this, clinician, shared](Result<QCborMap, ProtocolError> reply) {
            if (!reply) {
                m_stats.countError(QStringLiteral("directory.lookup"), reply.error().wire);
                (*shared)(false);
                return;
            }
            auto devices = protocol::BodyReader(reply.value()).mapArray("devices", protocol::kMaxListItems);
            const std::string_view reason(kReason);
            const crypto::SecretBytes text(
                reinterpret_cast<const std::uint8_t*>(reason.data()), reason.size());
            auto reasons = net::sealVisitReason(devices ? devices.value() : QCborArray(),
                m_account->organisationKey, text, QDateTime::currentSecsSinceEpoch());
            if (!reasons) {
                m_stats.countFailure(QStringLiteral("room.checkin"), reasons.error().message.left(80));
                (*shared)(false);
                return;
            }
            QCborMap body;
            body.insert(key("room"), clinician);
            body.insert(key("reasons"), reasons.value());
            m_session->request(protocol::type::kRoomCheckIn, body,
                [this, shared](Result<QCborMap, ProtocolError> checkedIn) {
                    if (!checkedIn) {
                        m_stats.countError(QStringLiteral("room.checkin"), checkedIn.error().wire);
                    }
                    (*shared)(checkedIn.ok());
                });
        });
}

void LoadClient::admit(const QString& patient, Done done)
{
    auto shared = std::make_shared<Done>(std::move(done));
    QCborMap body;
    body.insert(key("user"), patient);
    m_session->request(
        protocol::type::kRoomAdmit, body, [this, shared](Result<QCborMap, ProtocolError> reply) {
            if (!reply) {
                m_stats.countError(QStringLiteral("room.admit"), reply.error().wire);
                (*shared)(false);
                return;
            }
            auto visit = protocol::BodyReader(reply.value()).text("visit", protocol::kMaxNameChars);
            if (!visit) {
                m_stats.countError(QStringLiteral("room.admit"), visit.error().wire);
                (*shared)(false);
                return;
            }
            m_visit = visit.value();
            (*shared)(true);
        });
}

void LoadClient::waitForAdmission(Done done)
{
    m_admittedDone = std::move(done);
    if (!m_visit.isEmpty()) {
        finish(m_admittedDone, true);
    }
}

void LoadClient::onPush(const protocol::Message& push)
{
    if (push.type == QLatin1String(protocol::type::kSignal)) {
        onSignal(push.body);
    } else if (push.type == QLatin1String(protocol::type::kRoomAdmitted)) {
        auto visit = protocol::BodyReader(push.body).text("visit", protocol::kMaxNameChars);
        if (visit) {
            m_visit = visit.value();
            finish(m_admittedDone, true);
        }
    }
}

void LoadClient::sendSignal(int payloadBytes)
{
    if (m_visit.isEmpty() || !online()) {
        m_stats.countFailure(QStringLiteral("signal.send"), QStringLiteral("not sent: not online"));
        return;
    }
    QByteArray payload(std::max(payloadBytes, kStampBytes), '\0');
    qToBigEndian<qint64>(m_nextSequence++, payload.data());
    qToBigEndian<qint64>(monotonicUs(), payload.data() + 8);
    QCborMap body;
    body.insert(key("visit"), m_visit);
    body.insert(key("to"), m_peer);
    body.insert(key("payload"), payload);
    if (m_stats.recording) {
        ++m_stats.sent;
    }
    m_session->request(protocol::type::kSignalSend, body, [this](Result<QCborMap, ProtocolError> reply) {
        if (!reply) {
            m_stats.countError(QStringLiteral("signal.send"), reply.error().wire);
        } else if (m_stats.recording) {
            ++m_stats.accepted;
        }
    });
}

void LoadClient::onSignal(const QCborMap& body)
{
    const QByteArray payload = body.value(key("payload")).toByteArray();
    if (payload.size() < kStampBytes || body.value(key("visit")).toString() != m_visit) {
        m_stats.countFailure(QStringLiteral("signal"), QStringLiteral("unexpected payload or visit"));
        return;
    }
    const auto sequence = qFromBigEndian<qint64>(payload.constData());
    const auto sentUs = qFromBigEndian<qint64>(payload.constData() + 8);
    if (sequence <= m_lastReceived) {
        ++m_stats.outOfOrder;
    }
    m_lastReceived = std::max<std::int64_t>(m_lastReceived, sequence);
    if (m_stats.recording) {
        ++m_stats.delivered;
        m_stats.latenciesUs.push_back(monotonicUs() - sentUs);
    }
}

} // namespace ward::bench
