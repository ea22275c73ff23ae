// Invitations and enrolment: what a device must show to join an account, what the server hands back, and
// how an invitation is used exactly once.
#include "AuthHarness.h"
#include "Invitations.h"
#include "crypto/credential/CredentialVerifier.h"
#include "crypto/otp/OtpAuthUri.h"
#include "protocol/CertificatePin.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "store/AccountRepository.h"
#include "store/DeviceRepository.h"
#include "store/Statement.h"

#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;
using protocol::WireError;
using test::errorOf;

namespace {

QStringList auditEvents(test::ServerFixture& server)
{
    auto entries = server.audit().entries();
    REQUIRE(entries.ok());
    QStringList events;
    for (const auto& entry : entries.value()) {
        events.append(entry.event + QLatin1Char(' ') + entry.detail);
    }
    return events;
}

QCborMap totpBody(const QString& code)
{
    QCborMap body;
    body.insert(QLatin1String("totp"), code);
    return body;
}

} // namespace

TEST_CASE("An invitation is a ward://enrol link naming this server; only its code's hash is stored",
    "[server][enrol]")
{
    test::AuthHarness auth;
    auto& server = auth.server();
    server::InvitationRequest request { Role::Patient, QStringLiteral("pat.one"), QStringLiteral("Pat One"),
        72, {}, QStringLiteral("local") };
    auto created = server::createInvitation(
        server.db(), server.audit(), server.identity(), server.clock().clock(), request);
    REQUIRE(created.ok());
    CHECK(created->expiresMs == server.clock().now() + 72LL * 3600'000);
    auto link = protocol::EnrolmentLink::parse(created->link);
    REQUIRE(link.ok());
    CHECK(link->serverAddress() == server.identity().address);
    CHECK(link->certificatePin == server.identity().certificatePin);
    CHECK(link->organisationFingerprint
        == protocol::organisationFingerprintBytes(server.identity().organisationKey));

    auto stored = server.db().prepare("SELECT code_hash FROM invitations");
    REQUIRE(stored.ok());
    REQUIRE(stored->step().value());
    CHECK(stored->blob(0) == server::invitationCodeHash(link->code));
    CHECK(stored->blob(0).size() == 32);

    const QStringList events = auditEvents(server);
    REQUIRE(events.size() == 1);
    CHECK(events[0].startsWith(QStringLiteral("invitation.created user=pat.one role=patient by=local")));
    CHECK_FALSE(events[0].contains(QStringLiteral("Pat One")));

    SECTION("bad requests are refused with a reason")
    {
        request.ttlHours = 721;
        CHECK(server::createInvitation(
                  server.db(), server.audit(), server.identity(), server.clock().clock(), request)
                  .error()
                  .code
            == ErrorCode::InvalidArgument);
        request.ttlHours = 0;
        CHECK_FALSE(server::createInvitation(
            server.db(), server.audit(), server.identity(), server.clock().clock(), request));
        request.ttlHours = 1;
        request.userId = QStringLiteral("Bad Id");
        CHECK_FALSE(server::createInvitation(
            server.db(), server.audit(), server.identity(), server.clock().clock(), request));
        request.userId = QStringLiteral("pat.two");
        request.roomId = QStringLiteral("nobody");
        CHECK(server::createInvitation(
                  server.db(), server.audit(), server.identity(), server.clock().clock(), request)
                  .error()
                  .code
            == ErrorCode::NotFound);
    }
}

TEST_CASE("A patient enrols at once and lands in the clinician's room", "[server][enrol]")
{
    test::AuthHarness auth;
    (void)auth.server().addUser(QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"), Role::Clinician);
    const QString code = auth.invite(
        Role::Patient, QStringLiteral("pat.one"), QStringLiteral("Pat One"), 72, QStringLiteral("dr.ward"));
    test::FakeSession session;
    auth.server().connect(session);
    const auto device = crypto::DeviceIdentity::generate();
    const protocol::Message reply = auth.enrol(session, code, device);
    REQUIRE(reply.type == QLatin1String("enrol.ok"));
    CHECK(reply.body.value(QLatin1String("user")).toString() == QLatin1String("pat.one"));
    CHECK(reply.body.value(QLatin1String("name")).toString() == QLatin1String("Pat One"));
    CHECK(reply.body.value(QLatin1String("role")).toString() == QLatin1String("patient"));
    CHECK(reply.body.value(QLatin1String("serverName")).toString() == QLatin1String("Test Clinic"));
    CHECK(reply.body.value(QLatin1String("room")).toString() == QLatin1String("dr.ward"));
    CHECK(reply.body.value(QLatin1String("organisationKey")).toByteArray()
        == auth.server().identity().organisationKey);
    CHECK(reply.body.value(QLatin1String("issuerCertificate")).toByteArray()
        == auth.server().identity().issuerCertificate.encode());
    CHECK_FALSE(reply.body.contains(QLatin1String("credential")));
    CHECK_FALSE(reply.body.contains(QLatin1String("totpUri")));

    auto account = server::AccountRepository(auth.server().db()).find(QStringLiteral("pat.one"));
    REQUIRE(account.ok());
    REQUIRE(account.value());
    CHECK(account.value()->roomId == QLatin1String("dr.ward"));
    auto stored = server::DeviceRepository(auth.server().db()).find(device.publicIdentity().signingKey);
    REQUIRE(stored.ok());
    REQUIRE(stored.value());
    CHECK(stored.value()->staticKey == device.publicIdentity().staticKey);
    CHECK(stored.value()->deviceName == QLatin1String("Test laptop"));
    CHECK(auditEvents(auth.server())
              .last()
              .startsWith(QStringLiteral("enrolment.completed user=pat.one device=")));

    SECTION("the same invitation cannot be used again")
    {
        test::FakeSession again;
        auth.server().connect(again);
        CHECK(errorOf(auth.enrol(again, code, crypto::DeviceIdentity::generate())) == WireError::Used);
        CHECK(auditEvents(auth.server()).last() == QLatin1String("enrolment.failed reason=used"));
    }
    SECTION("a second invitation adds a device to the account and tells the account's other devices")
    {
        test::FakeSession online;
        auth.server().signIn(online, QStringLiteral("pat.one"), device);
        const QString second
            = auth.invite(Role::Patient, QStringLiteral("pat.one"), QStringLiteral("Pat One"));
        test::FakeSession other;
        auth.server().connect(other);
        REQUIRE(
            auth.enrol(other, second, crypto::DeviceIdentity::generate()).type == QLatin1String("enrol.ok"));
        auto devices = server::DeviceRepository(auth.server().db()).listForUser(QStringLiteral("pat.one"));
        REQUIRE(devices.ok());
        CHECK(devices->size() == 2);
        CHECK(online.ofType(QString::fromLatin1(protocol::type::kDirectoryChanged)).size() == 1);
        CHECK(auditEvents(auth.server()).last().startsWith(QStringLiteral("device.added user=pat.one")));
    }
    SECTION("an already enrolled device cannot enrol again")
    {
        const QString second
            = auth.invite(Role::Patient, QStringLiteral("pat.two"), QStringLiteral("Pat Two"));
        CHECK(errorOf(auth.enrol(session, second, device)) == WireError::Invalid);
    }
}

TEST_CASE(
    "Enrolment refuses bad proofs, expired and unknown invitations and spent challenges", "[server][enrol]")
{
    test::AuthHarness auth;
    const QString code = auth.invite(Role::Patient, QStringLiteral("pat.one"), QStringLiteral("Pat One"), 1);
    test::FakeSession session;
    auth.server().connect(session);
    const auto device = crypto::DeviceIdentity::generate();
    bool expired = false;

    SECTION("an expired invitation")
    {
        auth.clock().advance(3600'000 + 1);
        CHECK(errorOf(auth.enrol(session, code, device)) == WireError::Expired);
        expired = true;
    }
    SECTION("an unknown code")
    {
        const QString other
            = auth.invite(Role::Patient, QStringLiteral("pat.two"), QStringLiteral("Pat Two"));
        QString wrong = other;
        wrong[0] = wrong[0] == u'A' ? u'B' : u'A';
        CHECK(errorOf(auth.enrol(session, wrong, device)) == WireError::NotFound);
        CHECK(errorOf(auth.enrol(session, QStringLiteral("TOOSHORT"), device)) == WireError::Invalid);
    }
    SECTION("a signature made for another server certificate")
    {
        auto body
            = auth.enrolBody(session, code, device, protocol::certificatePin(QByteArrayLiteral("mitm")));
        auth.server().request(session, protocol::type::kEnrol, body);
        CHECK(errorOf(session.last()) == WireError::Invalid);
    }
    SECTION("a signature by another key")
    {
        auto body = auth.enrolBody(session, code, device);
        const auto other = crypto::DeviceIdentity::generate();
        body.insert(QLatin1String("signature"),
            other.sign(protocol::authStatement(protocol::AuthPurpose::Enrol,
                auth.server().identity().certificatePin, body.value(QLatin1String("nonce")).toByteArray())));
        auth.server().request(session, protocol::type::kEnrol, body);
        CHECK(errorOf(session.last()) == WireError::Invalid);
    }
    SECTION("a sign-in signature cannot enrol")
    {
        auto body = auth.enrolBody(session, code, device);
        body.insert(QLatin1String("signature"),
            device.sign(protocol::authStatement(protocol::AuthPurpose::SignIn,
                auth.server().identity().certificatePin, body.value(QLatin1String("nonce")).toByteArray())));
        auth.server().request(session, protocol::type::kEnrol, body);
        CHECK(errorOf(session.last()) == WireError::Invalid);
    }
    SECTION("a static key the signing key did not sign")
    {
        auto body = auth.enrolBody(session, code, device);
        body.insert(
            QLatin1String("staticKey"), crypto::DeviceIdentity::generate().publicIdentity().staticKey);
        auth.server().request(session, protocol::type::kEnrol, body);
        CHECK(errorOf(session.last()) == WireError::Invalid);
    }
    SECTION("a replayed challenge")
    {
        auto body = auth.enrolBody(session, code, device);
        body.insert(QLatin1String("code"), QStringLiteral("AAAA"));
        auth.server().request(session, protocol::type::kEnrol, body);
        REQUIRE(session.last().isError());
        body.insert(QLatin1String("code"), code);
        auth.server().request(session, protocol::type::kEnrol, body);
        CHECK(errorOf(session.last()) == WireError::Used);
    }
    SECTION("an expired challenge")
    {
        auto body = auth.enrolBody(session, code, device);
        auth.clock().advance(server::Session::kChallengeLifetimeMs + 1);
        auth.server().request(session, protocol::type::kEnrol, body);
        CHECK(errorOf(session.last()) == WireError::Expired);
    }
    SECTION("a device name that is too long")
    {
        auto body = auth.enrolBody(session, code, device);
        body.insert(QLatin1String("deviceName"), QString(protocol::kMaxNameChars + 1, u'x'));
        auth.server().request(session, protocol::type::kEnrol, body);
        CHECK(errorOf(session.last()) == WireError::TooLarge);
    }
    // Whatever failed, nothing was stored and the invitation still works.
    CHECK_FALSE(server::AccountRepository(auth.server().db()).find(QStringLiteral("pat.one")).value());
    if (!expired) {
        test::FakeSession fresh;
        auth.server().connect(fresh);
        CHECK(auth.enrol(fresh, code, device).type == QLatin1String("enrol.ok"));
    }
}

TEST_CASE("A clinician gets a credential and sets up TOTP before anything is stored", "[server][enrol]")
{
    test::AuthHarness auth;
    const QString code = auth.invite(Role::Clinician, QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"));
    test::FakeSession session;
    auth.server().connect(session);
    const auto device = crypto::DeviceIdentity::generate();
    const protocol::Message reply = auth.enrol(session, code, device);
    REQUIRE(reply.type == QLatin1String("enrol.ok"));
    const QString uri = reply.body.value(QLatin1String("totpUri")).toString();

    // The credential binds this device to the clinician and verifies against the organisation key.
    crypto::credential::CredentialVerifier verifier(auth.server().identity().organisationKey);
    auto credential = verifier.verify(reply.body.value(QLatin1String("credential")).toByteArray(),
        crypto::credential::CredentialExpectations {
            auth.clock().now() / 1000, Role::Clinician, device.publicIdentity().signingKey });
    REQUIRE(credential.ok());
    CHECK(credential->fields().userId == QLatin1String("dr.ward"));
    CHECK(credential->fields().displayName == QLatin1String("Dr Ward"));
    CHECK(credential->fields().validity.notAfter >= auth.clock().now() / 1000 + 364LL * 24 * 3600);

    const QByteArray uriBytes = uri.toLatin1();
    auto otp = crypto::otp::OtpAuthUri::parse(reinterpret_cast<const std::uint8_t*>(uriBytes.constData()),
        static_cast<std::size_t>(uriBytes.size()));
    REQUIRE(otp.ok());
    CHECK(otp->issuer == QLatin1String("Test Clinic"));
    CHECK(otp->account == QLatin1String("dr.ward"));
    CHECK(otp->parameters == crypto::otp::OtpParameters {});

    // Nothing is stored until the code proves the authenticator works.
    CHECK_FALSE(server::AccountRepository(auth.server().db()).find(QStringLiteral("dr.ward")).value());

    SECTION("another connection cannot take the reserved invitation")
    {
        test::FakeSession racer;
        auth.server().connect(racer);
        CHECK(errorOf(auth.enrol(racer, code, crypto::DeviceIdentity::generate())) == WireError::Used);

        SECTION("until the first connection closes without confirming")
        {
            auth.server().hub().remove(session);
            CHECK(auth.enrol(racer, code, crypto::DeviceIdentity::generate()).type
                == QLatin1String("enrol.ok"));
        }
    }
    SECTION("a wrong code may be retried, then the right one completes the enrolment")
    {
        const QString right = auth.totpCode(uri);
        QString wrong = right;
        wrong[0] = wrong[0] == u'0' ? u'1' : u'0';
        auth.server().request(session, protocol::type::kEnrolConfirm, totpBody(wrong));
        CHECK(errorOf(session.last()) == WireError::WrongCode);
        auth.server().request(session, protocol::type::kEnrolConfirm, totpBody(right));
        CHECK(session.last().type == QLatin1String("enrol.confirm.ok"));
        auto account = server::AccountRepository(auth.server().db()).find(QStringLiteral("dr.ward"));
        REQUIRE(account.value());
        CHECK(account.value()->hasTotp);
        CHECK(account.value()->role == Role::Clinician);
        auto stored = server::DeviceRepository(auth.server().db()).find(device.publicIdentity().signingKey);
        REQUIRE(stored.value());
        CHECK(stored.value()->credential == reply.body.value(QLatin1String("credential")).toByteArray());

        // Used now, even after this connection closes.
        auth.server().hub().remove(session);
        test::FakeSession later;
        auth.server().connect(later);
        CHECK(errorOf(auth.enrol(later, code, crypto::DeviceIdentity::generate())) == WireError::Used);
    }
    SECTION("guessing codes is throttled, and then even the right code waits")
    {
        for (int i = 0; i < 5; ++i) {
            auth.server().request(session, protocol::type::kEnrolConfirm, totpBody(QStringLiteral("12345")));
            CHECK(errorOf(session.last()) == WireError::WrongCode);
        }
        auth.server().request(session, protocol::type::kEnrolConfirm, totpBody(auth.totpCode(uri)));
        CHECK(errorOf(session.last()) == WireError::Throttled);
        CHECK(session.last().body.value(QLatin1String("retryAfterMs")).toInteger() == 1'000);
        CHECK(auth.server().stats().value(server::ServerStats::Counter::SignInFailures) == 6);
        auth.clock().advance(1'000);
        auth.server().request(session, protocol::type::kEnrolConfirm, totpBody(auth.totpCode(uri)));
        CHECK(session.last().type == QLatin1String("enrol.confirm.ok"));
    }
}

TEST_CASE("A clinician's further device confirms with the authenticator already set up", "[server][enrol]")
{
    test::AuthHarness auth;
    const auto first
        = auth.enrolClinic(Role::Clinician, QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"));
    const QString code = auth.invite(Role::Clinician, QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"));
    test::FakeSession session;
    auth.server().connect(session);
    const protocol::Message reply = auth.enrol(session, code, crypto::DeviceIdentity::generate());
    REQUIRE(reply.type == QLatin1String("enrol.ok"));
    CHECK_FALSE(reply.body.contains(QLatin1String("totpUri")));
    auth.server().request(session, protocol::type::kEnrolConfirm, totpBody(auth.totpCode(first.totpUri)));
    CHECK(session.last().type == QLatin1String("enrol.confirm.ok"));
    auto devices = server::DeviceRepository(auth.server().db()).listForUser(QStringLiteral("dr.ward"));
    REQUIRE(devices.ok());
    CHECK(devices->size() == 2);
    CHECK(auditEvents(auth.server()).last().startsWith(QStringLiteral("device.added user=dr.ward")));

    SECTION("an invitation with another role for the same user is refused")
    {
        server::InvitationRequest request { Role::Admin, QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"),
            72, {}, QStringLiteral("local") };
        auto created = server::createInvitation(auth.server().db(), auth.server().audit(),
            auth.server().identity(), auth.server().clock().clock(), request);
        REQUIRE_FALSE(created.ok());
        CHECK(created.error().code == ErrorCode::InvalidArgument);
    }
}
