#include "AuthHarness.h"

#include "Invitations.h"
#include "crypto/otp/Base32.h"
#include "crypto/otp/OtpAuthUri.h"
#include "crypto/otp/Totp.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/MessageTypes.h"

#include <catch2/catch.hpp>

namespace ward::test {

using crypto::credential::Role;

protocol::WireError errorOf(const protocol::Message& message)
{
    REQUIRE(message.isError());
    return message.toError().wire;
}

AuthHarness::AuthHarness()
    : m_services(std::make_unique<server::ServiceSet>(m_server.context(), m_server.router()))
{ }

AuthHarness::~AuthHarness() = default;

QString AuthHarness::invite(
    Role role, const QString& userId, const QString& name, int ttlHours, const QString& room)
{
    server::InvitationRequest request { role, userId, name, ttlHours, room, QStringLiteral("local") };
    auto created = server::createInvitation(
        m_server.db(), m_server.audit(), m_server.identity(), m_server.clock().clock(), request);
    REQUIRE(created.ok());
    auto link = protocol::EnrolmentLink::parse(created->link);
    REQUIRE(link.ok());
    const crypto::SecretBytes text = crypto::otp::base32Encode(link->code, crypto::otp::Base32Padding::Omit);
    return QString::fromLatin1(text.chars(), static_cast<qsizetype>(text.size()));
}

QByteArray AuthHarness::challenge(FakeSession& session)
{
    m_server.request(session, protocol::type::kChallenge, {}, 90);
    const protocol::Message reply = session.last();
    REQUIRE(reply.type == QLatin1String("challenge.ok"));
    return reply.body.value(QLatin1String("nonce")).toByteArray();
}

QCborMap AuthHarness::enrolBody(
    FakeSession& session, const QString& code, const crypto::DeviceIdentity& device, const QByteArray& pin)
{
    const QByteArray nonce = challenge(session);
    const auto& pub = device.publicIdentity();
    QCborMap body;
    body.insert(QLatin1String("code"), code);
    body.insert(QLatin1String("nonce"), nonce);
    body.insert(QLatin1String("signingKey"), pub.signingKey);
    body.insert(QLatin1String("staticKey"), pub.staticKey);
    body.insert(QLatin1String("staticKeySignature"), pub.staticKeySignature);
    body.insert(QLatin1String("deviceName"), QStringLiteral("Test laptop"));
    body.insert(QLatin1String("signature"),
        device.sign(protocol::authStatement(
            protocol::AuthPurpose::Enrol, pin.isEmpty() ? m_server.identity().certificatePin : pin, nonce)));
    return body;
}

const protocol::Message& AuthHarness::enrol(
    FakeSession& session, const QString& code, const crypto::DeviceIdentity& device)
{
    m_server.request(session, protocol::type::kEnrol, enrolBody(session, code, device));
    return session.last();
}

QCborMap AuthHarness::signInBody(FakeSession& session, const crypto::DeviceIdentity& device,
    protocol::AuthPurpose purpose, const std::optional<QString>& totp, const QByteArray& token)
{
    const QByteArray nonce = challenge(session);
    QCborMap body;
    body.insert(QLatin1String("nonce"), nonce);
    body.insert(QLatin1String("signingKey"), device.publicIdentity().signingKey);
    body.insert(QLatin1String("signature"),
        device.sign(protocol::authStatement(purpose, m_server.identity().certificatePin, nonce)));
    if (totp) {
        body.insert(QLatin1String("totp"), *totp);
    }
    if (!token.isEmpty()) {
        body.insert(QLatin1String("token"), token);
    }
    return body;
}

const protocol::Message& AuthHarness::signIn(
    FakeSession& session, const crypto::DeviceIdentity& device, const std::optional<QString>& totp)
{
    m_server.request(
        session, protocol::type::kSignIn, signInBody(session, device, protocol::AuthPurpose::SignIn, totp));
    return session.last();
}

const protocol::Message& AuthHarness::resume(
    FakeSession& session, const crypto::DeviceIdentity& device, const QByteArray& token)
{
    m_server.request(session, protocol::type::kResume,
        signInBody(session, device, protocol::AuthPurpose::Resume, std::nullopt, token));
    return session.last();
}

QString AuthHarness::totpCode(const QString& totpUri)
{
    const QByteArray bytes = totpUri.toLatin1();
    auto uri = crypto::otp::OtpAuthUri::parse(
        reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
    REQUIRE(uri.ok());
    auto code = crypto::otp::totp(uri->secret, m_server.clock().now() / 1000, uri->parameters);
    REQUIRE(code.ok());
    return QString::fromLatin1(code->chars(), static_cast<qsizetype>(code->size()));
}

AuthHarness::Enrolled AuthHarness::enrolClinic(Role role, const QString& userId, const QString& name)
{
    const QString code = invite(role, userId, name);
    FakeSession session;
    m_server.connect(session);
    crypto::DeviceIdentity device = crypto::DeviceIdentity::generate();
    const protocol::Message reply = enrol(session, code, device);
    REQUIRE(reply.type == QLatin1String("enrol.ok"));
    const QString uri = reply.body.value(QLatin1String("totpUri")).toString();
    REQUIRE_FALSE(uri.isEmpty());
    QCborMap confirm;
    confirm.insert(QLatin1String("totp"), totpCode(uri));
    m_server.request(session, protocol::type::kEnrolConfirm, confirm);
    REQUIRE(session.last().type == QLatin1String("enrol.confirm.ok"));
    m_server.hub().remove(session);
    clock().advance(30'000);
    return Enrolled { std::move(device), uri };
}

crypto::DeviceIdentity AuthHarness::enrolPatient(const QString& userId, const QString& name)
{
    const QString code = invite(Role::Patient, userId, name);
    FakeSession session;
    m_server.connect(session);
    crypto::DeviceIdentity device = crypto::DeviceIdentity::generate();
    REQUIRE(enrol(session, code, device).type == QLatin1String("enrol.ok"));
    m_server.hub().remove(session);
    return device;
}

FakeSession& AuthHarness::admin()
{
    if (!m_admin) {
        m_admin = std::make_unique<FakeSession>(QStringLiteral("192.0.2.99"));
        m_server.signIn(*m_admin, QStringLiteral("it.admin"),
            m_server.addUser(QStringLiteral("it.admin"), QStringLiteral("Ida Admin"), Role::Admin));
    }
    return *m_admin;
}

} // namespace ward::test
