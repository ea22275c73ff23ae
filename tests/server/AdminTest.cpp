// The administration routes: only admins reach them, and invite.create hands back a working link.
#include "AuthHarness.h"
#include "crypto/otp/Base32.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/MessageTypes.h"

#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;
using protocol::WireError;
using test::errorOf;

namespace {

QCborMap inviteBody(const QString& role, const QString& user)
{
    QCborMap body;
    body.insert(QLatin1String("role"), role);
    body.insert(QLatin1String("user"), user);
    body.insert(QLatin1String("name"), QStringLiteral("Someone"));
    return body;
}

} // namespace

TEST_CASE("Only admins invite, revoke and unlock", "[server][admin]")
{
    test::AuthHarness auth;
    const auto patientDevice = auth.enrolPatient(QStringLiteral("pat.one"), QStringLiteral("Pat One"));
    test::FakeSession patient;
    auth.server().connect(patient);
    REQUIRE(auth.signIn(patient, patientDevice).type == QLatin1String("signin.ok"));
    test::FakeSession clinician;
    auth.server().signIn(clinician, QStringLiteral("dr.ward"),
        auth.server().addUser(QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"), Role::Clinician));

    QCborMap revoke;
    revoke.insert(QLatin1String("user"), QStringLiteral("pat.one"));
    revoke.insert(QLatin1String("signingKey"), patientDevice.publicIdentity().signingKey);
    QCborMap unlock;
    unlock.insert(QLatin1String("user"), QStringLiteral("pat.one"));

    for (test::FakeSession* session : { &patient, &clinician }) {
        auth.server().request(*session, protocol::type::kInviteCreate,
            inviteBody(QStringLiteral("admin"), QStringLiteral("evil")));
        CHECK(errorOf(session->last()) == WireError::Forbidden);
        auth.server().request(*session, protocol::type::kDeviceRevoke, revoke);
        CHECK(errorOf(session->last()) == WireError::Forbidden);
        auth.server().request(*session, protocol::type::kAccountUnlock, unlock);
        CHECK(errorOf(session->last()) == WireError::Forbidden);
    }
    CHECK_FALSE(patient.closed());
    test::FakeSession anonymous;
    auth.server().connect(anonymous);
    auth.server().request(anonymous, protocol::type::kInviteCreate,
        inviteBody(QStringLiteral("admin"), QStringLiteral("evil")));
    CHECK(errorOf(anonymous.last()) == WireError::Unauthenticated);
}

TEST_CASE("invite.create returns a link that enrols the person", "[server][admin]")
{
    test::AuthHarness auth;
    QCborMap body = inviteBody(QStringLiteral("staff"), QStringLiteral("front.desk"));
    body.insert(QLatin1String("ttlHours"), 2);
    auth.server().request(auth.admin(), protocol::type::kInviteCreate, body);
    const protocol::Message reply = auth.admin().last();
    REQUIRE(reply.type == QLatin1String("invite.create.ok"));
    CHECK(reply.body.value(QLatin1String("expiresMs")).toInteger() == auth.clock().now() + 2 * 3600'000);
    const QByteArray linkText = reply.body.value(QLatin1String("link")).toString().toLatin1();
    auto link = protocol::EnrolmentLink::parse(reinterpret_cast<const std::uint8_t*>(linkText.constData()),
        static_cast<std::size_t>(linkText.size()));
    REQUIRE(link.ok());
    const crypto::SecretBytes code = crypto::otp::base32Encode(link->code, crypto::otp::Base32Padding::Omit);

    test::FakeSession session;
    auth.server().connect(session);
    const protocol::Message enrolled
        = auth.enrol(session, QString::fromLatin1(code.chars(), static_cast<qsizetype>(code.size())),
            crypto::DeviceIdentity::generate());
    REQUIRE(enrolled.type == QLatin1String("enrol.ok"));
    CHECK(enrolled.body.value(QLatin1String("role")).toString() == QLatin1String("staff"));

    SECTION("bad requests")
    {
        auth.server().request(auth.admin(), protocol::type::kInviteCreate,
            inviteBody(QStringLiteral("boss"), QStringLiteral("x")));
        CHECK(errorOf(auth.admin().last()) == WireError::Invalid);
        QCborMap roomed = inviteBody(QStringLiteral("patient"), QStringLiteral("pat.two"));
        roomed.insert(QLatin1String("room"), QStringLiteral("it.admin"));
        auth.server().request(auth.admin(), protocol::type::kInviteCreate, roomed);
        CHECK(errorOf(auth.admin().last()) == WireError::NotFound);
        QCborMap tooLong = inviteBody(QStringLiteral("patient"), QStringLiteral("pat.two"));
        tooLong.insert(QLatin1String("ttlHours"), 721);
        auth.server().request(auth.admin(), protocol::type::kInviteCreate, tooLong);
        CHECK(errorOf(auth.admin().last()) == WireError::Invalid);
        auth.server().request(auth.admin(), protocol::type::kInviteCreate,
            inviteBody(QStringLiteral("patient"), QStringLiteral("it.admin")));
        CHECK(errorOf(auth.admin().last()) == WireError::Invalid);
    }
    SECTION("unlocking an unknown account")
    {
        QCborMap unlock;
        unlock.insert(QLatin1String("user"), QStringLiteral("nobody"));
        auth.server().request(auth.admin(), protocol::type::kAccountUnlock, unlock);
        CHECK(errorOf(auth.admin().last()) == WireError::NotFound);
    }
}
