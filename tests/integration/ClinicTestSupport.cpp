#include "ClinicTestSupport.h"

#include "TestSupport.h"
#include "TlsTestServer.h"
#include "WardctlRunner.h"

#include "crypto/otp/Base32.h"
#include "crypto/otp/Totp.h"
#include "net/Enrolment.h"
#include "net/VisitReason.h"
#include "protocol/AuthStatement.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/MessageTypes.h"

#include <QCborArray>
#include <QDateTime>

#include <catch2/catch.hpp>

namespace ward::test {

namespace {

crypto::SecretBytes secretOf(const QByteArray& bytes)
{
    return secret(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

} // namespace

void Authenticator::setUri(const crypto::SecretBytes& uri)
{
    auto parsed = crypto::otp::OtpAuthUri::parse(uri);
    REQUIRE(parsed.ok());
    m_uri.emplace(std::move(parsed).value());
}

QByteArray Authenticator::nextCode()
{
    REQUIRE(m_uri.has_value());
    const std::int64_t period = m_uri->parameters.periodSeconds;
    std::int64_t step = QDateTime::currentSecsSinceEpoch() / period;
    // The server takes one step either side of now; past that, wait for the clock.
    while (step + 1 <= m_lastStep) {
        waitFor([] { return false; }, 1'000);
        step = QDateTime::currentSecsSinceEpoch() / period;
    }
    step = std::max(step, m_lastStep + 1);
    m_lastStep = step;
    auto code = crypto::otp::totp(m_uri->secret, step * period, m_uri->parameters);
    REQUIRE(code.ok());
    return QByteArray(code->chars(), static_cast<qsizetype>(code->size()));
}

QByteArray Authenticator::wrongCode() const
{
    REQUIRE(m_uri.has_value());
    const std::int64_t period = m_uri->parameters.periodSeconds;
    const std::int64_t now = QDateTime::currentSecsSinceEpoch() / period;
    QList<QByteArray> valid;
    for (std::int64_t step = now - 2; step <= now + 2; ++step) {
        auto code = crypto::otp::totp(m_uri->secret, step * period, m_uri->parameters);
        REQUIRE(code.ok());
        valid.append(QByteArray(code->chars(), static_cast<qsizetype>(code->size())));
    }
    for (int guess = 0;; ++guess) {
        const QByteArray code = QByteArray::number(guess).rightJustified(valid.first().size(), '0');
        if (!valid.contains(code)) {
            return code;
        }
    }
}

QString createInvitation(const ServerProcess& server, const QString& role, const QString& user,
    const QString& name, const QString& room, int ttlHours)
{
    QStringList args { QStringLiteral("--server-data"), server.dataDir(), QStringLiteral("invite"),
        QStringLiteral("create"), QStringLiteral("--role"), role, QStringLiteral("--user"), user,
        QStringLiteral("--name"), name };
    if (!room.isEmpty()) {
        args += { QStringLiteral("--room"), room };
    }
    if (ttlHours > 0) {
        args += { QStringLiteral("--ttl"), QString::number(ttlHours) };
    }
    const Wardctl wardctl;
    const WardctlRun run = wardctl.run(args, {}, false);
    INFO(run);
    REQUIRE(run.exitCode == 0);
    const QString link = QString::fromUtf8(run.out).trimmed();
    REQUIRE(link.startsWith(QStringLiteral("ward://enrol?")));
    return link;
}

std::unique_ptr<Device> enrolDevice(const QString& link, Authenticator* authenticator)
{
    auto parsed = protocol::EnrolmentLink::parse(secret(link));
    REQUIRE(parsed.ok());
    auto device = std::make_unique<Device>();
    net::Enrolment enrolment(std::move(parsed).value(), device->identity, QStringLiteral("Test device"));
    std::optional<net::ServerAccount> account;
    QString failure;
    bool confirmNeeded = false;
    QObject::connect(&enrolment, &net::Enrolment::totpSetupNeeded, [&] { confirmNeeded = true; });
    QObject::connect(&enrolment, &net::Enrolment::totpRejected, [&](const QString& why) { failure = why; });
    QObject::connect(&enrolment, &net::Enrolment::failed, [&](const QString& why) { failure = why; });
    QObject::connect(
        &enrolment, &net::Enrolment::finished, [&](const net::ServerAccount& done) { account = done; });
    const auto settled = [&] { return account.has_value() || !failure.isEmpty() || confirmNeeded; };
    enrolment.start();
    REQUIRE(waitFor(settled, 30'000));
    if (confirmNeeded) {
        REQUIRE(authenticator != nullptr);
        if (!enrolment.totpUri().empty()) {
            authenticator->setUri(enrolment.totpUri());
        }
        confirmNeeded = false;
        enrolment.confirm(secretOf(authenticator->nextCode()));
        REQUIRE(waitFor([&] { return account.has_value() || !failure.isEmpty(); }, 30'000));
    }
    INFO(failure.toStdString());
    REQUIRE(account.has_value());
    device->account = *account;
    return device;
}

QByteArray challenge(TestClient& client)
{
    const QCborMap body = okBody(client.request(QString::fromLatin1(protocol::type::kChallenge)));
    const QByteArray nonce = body.value(QLatin1String("nonce")).toByteArray();
    REQUIRE(nonce.size() == protocol::kNonceBytes);
    return nonce;
}

QCborMap signInBody(const Device& device, const QByteArray& nonce, const QByteArray& totp)
{
    QCborMap body;
    body.insert(QLatin1String("nonce"), nonce);
    body.insert(QLatin1String("signingKey"), device.signingKey());
    body.insert(QLatin1String("signature"),
        device.identity.sign(
            protocol::authStatement(protocol::AuthPurpose::SignIn, device.account.certificatePin, nonce)));
    if (!totp.isEmpty()) {
        body.insert(QLatin1String("totp"), QString::fromLatin1(totp));
    }
    return body;
}

std::optional<protocol::Message> signIn(TestClient& client, const Device& device, const QByteArray& totp)
{
    const QByteArray nonce = challenge(client);
    return client.request(QString::fromLatin1(protocol::type::kSignIn), signInBody(device, nonce, totp));
}

std::unique_ptr<TestClient> signedInClient(
    const ServerProcess& server, const Device& device, const QByteArray& totp)
{
    auto client = std::make_unique<TestClient>(server.pin());
    INFO(client->error().toStdString());
    REQUIRE(client->connectTo(server.port()));
    const QCborMap body = okBody(signIn(*client, device, totp));
    REQUIRE(body.value(QLatin1String("user")).toString() == device.account.userId);
    return client;
}

std::optional<protocol::Message> enrolOverTestClient(const ServerProcess& server, const QString& link)
{
    auto parsed = protocol::EnrolmentLink::parse(secret(link));
    REQUIRE(parsed.ok());
    TestClient client(server.pin());
    REQUIRE(client.connectTo(server.port()));
    const QByteArray nonce = challenge(client);
    const crypto::DeviceIdentity identity = crypto::DeviceIdentity::generate();
    const crypto::DeviceIdentityPublic& device = identity.publicIdentity();
    const crypto::SecretBytes code
        = crypto::otp::base32Encode(parsed->code, crypto::otp::Base32Padding::Omit);
    QCborMap body;
    body.insert(
        QLatin1String("code"), QString::fromLatin1(code.chars(), static_cast<qsizetype>(code.size())));
    body.insert(QLatin1String("nonce"), nonce);
    body.insert(QLatin1String("signingKey"), device.signingKey);
    body.insert(QLatin1String("staticKey"), device.staticKey);
    body.insert(QLatin1String("staticKeySignature"), device.staticKeySignature);
    body.insert(QLatin1String("deviceName"), QStringLiteral("Test device"));
    body.insert(QLatin1String("signature"),
        identity.sign(protocol::authStatement(protocol::AuthPurpose::Enrol, parsed->certificatePin, nonce)));
    return client.request(QString::fromLatin1(protocol::type::kEnrol), body);
}

protocol::WireError wireErrorOf(const std::optional<protocol::Message>& reply)
{
    REQUIRE(reply.has_value());
    INFO(reply->type.toStdString());
    REQUIRE(reply->isError());
    return reply->toError().wire;
}

QCborMap okBody(const std::optional<protocol::Message>& reply)
{
    REQUIRE(reply.has_value());
    INFO((reply->isError() ? reply->toError().message : reply->type).toStdString());
    REQUIRE_FALSE(reply->isError());
    REQUIRE(reply->type.endsWith(QStringLiteral(".ok")));
    return reply->body;
}

QCborMap checkIn(TestClient& patient, const Device& patientDevice, const QString& room, const char* reason)
{
    QCborMap lookup;
    lookup.insert(QLatin1String("user"), room);
    const QCborMap clinician
        = okBody(patient.request(QString::fromLatin1(protocol::type::kDirectoryLookup), lookup));
    auto sealed = net::sealVisitReason(clinician.value(QLatin1String("devices")).toArray(),
        patientDevice.account.organisationKey, secret(reason), QDateTime::currentSecsSinceEpoch());
    INFO((sealed ? QString() : sealed.error().message).toStdString());
    REQUIRE(sealed.ok());
    QCborMap body;
    body.insert(QLatin1String("room"), room);
    body.insert(QLatin1String("reasons"), sealed.value());
    return okBody(patient.request(QString::fromLatin1(protocol::type::kRoomCheckIn), body));
}

QString admit(TestClient& clinician, TestClient& patient, const QString& patientUser)
{
    QCborMap body;
    body.insert(QLatin1String("user"), patientUser);
    const QString visit = okBody(clinician.request(QString::fromLatin1(protocol::type::kRoomAdmit), body))
                              .value(QLatin1String("visit"))
                              .toString();
    REQUIRE_FALSE(visit.isEmpty());
    const auto admitted = patient.waitForPush(QString::fromLatin1(protocol::type::kRoomAdmitted), 10'000);
    REQUIRE(admitted.has_value());
    CHECK(admitted->body.value(QLatin1String("visit")).toString() == visit);
    return visit;
}

} // namespace ward::test
