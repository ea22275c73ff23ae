// Sign-in, resumption and whoami: the device's signature over a fresh challenge, TOTP for clinic roles,
// the throttle per account and per address, the lock, and single-use resumption tokens.
#include "AuthHarness.h"
#include "protocol/CertificatePin.h"
#include "protocol/MessageTypes.h"
#include "store/AccountRepository.h"
#include "store/DeviceRepository.h"

#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;
using protocol::WireError;
using test::errorOf;

namespace {

bool auditHas(test::ServerFixture& server, const QString& prefix)
{
    auto entries = server.audit().entries();
    REQUIRE(entries.ok());
    for (const auto& entry : entries.value()) {
        if ((entry.event + QLatin1Char(' ') + entry.detail).startsWith(prefix)) {
            return true;
        }
    }
    return false;
}

QString wrongCode(const QString& right)
{
    QString wrong = right;
    wrong[0] = wrong[0] == u'0' ? u'1' : u'0';
    return wrong;
}

server::Account account(test::AuthHarness& auth, const QString& userId)
{
    auto found = server::AccountRepository(auth.server().db()).find(userId);
    REQUIRE(found.ok());
    REQUIRE(found.value());
    return *found.value();
}

} // namespace

TEST_CASE("A patient signs in with the device key and is who whoami says", "[server][signin]")
{
    test::AuthHarness auth;
    (void)auth.server().addUser(QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"), Role::Clinician);
    const QString code = auth.invite(
        Role::Patient, QStringLiteral("pat.one"), QStringLiteral("Pat One"), 72, QStringLiteral("dr.ward"));
    test::FakeSession enrolling;
    auth.server().connect(enrolling);
    const auto device = crypto::DeviceIdentity::generate();
    REQUIRE(auth.enrol(enrolling, code, device).type == QLatin1String("enrol.ok"));

    test::FakeSession session;
    auth.server().connect(session);
    auth.server().request(session, protocol::type::kWhoAmI);
    CHECK(errorOf(session.last()) == WireError::Unauthenticated);

    const protocol::Message reply = auth.signIn(session, device);
    REQUIRE(reply.type == QLatin1String("signin.ok"));
    CHECK(reply.body.value(QLatin1String("user")).toString() == QLatin1String("pat.one"));
    CHECK(reply.body.value(QLatin1String("name")).toString() == QLatin1String("Pat One"));
    CHECK(reply.body.value(QLatin1String("role")).toString() == QLatin1String("patient"));
    CHECK(reply.body.value(QLatin1String("serverName")).toString() == QLatin1String("Test Clinic"));
    CHECK(reply.body.value(QLatin1String("resumeToken")).toByteArray().size() == 32);
    CHECK(reply.body.value(QLatin1String("resumeExpiresMs")).toInteger()
        == auth.clock().now() + 12LL * 3600'000);
    CHECK(session.signedIn());
    CHECK(auth.server().hub().sessionOfDevice(device.publicIdentity().signingKey) == &session);
    CHECK(auditHas(auth.server(),
        QStringLiteral("signin.succeeded user=pat.one device=%1 via=signin")
            .arg(device.publicIdentity().fingerprint())));
    auto stored = server::DeviceRepository(auth.server().db()).find(device.publicIdentity().signingKey);
    CHECK(stored.value()->lastSignInMs == auth.clock().now());

    auth.server().request(session, protocol::type::kWhoAmI);
    const protocol::Message who = session.last();
    REQUIRE(who.type == QLatin1String("whoami.ok"));
    CHECK(who.body.value(QLatin1String("user")).toString() == QLatin1String("pat.one"));
    CHECK(who.body.value(QLatin1String("deviceFingerprint")).toString()
        == device.publicIdentity().fingerprint());
    CHECK(who.body.value(QLatin1String("room")).toString() == QLatin1String("dr.ward"));
}

TEST_CASE("Sign-in refuses spent challenges, wrong signatures and unknown devices", "[server][signin]")
{
    test::AuthHarness auth;
    const auto device = auth.enrolPatient(QStringLiteral("pat.one"), QStringLiteral("Pat One"));
    test::FakeSession session;
    auth.server().connect(session);
    auto body = auth.signInBody(session, device, protocol::AuthPurpose::SignIn);

    SECTION("a replayed challenge")
    {
        REQUIRE(auth.server().router().knows(QStringLiteral("signin")));
        auth.server().request(session, protocol::type::kSignIn, body);
        REQUIRE(session.last().type == QLatin1String("signin.ok"));
        test::FakeSession other;
        auth.server().connect(other);
        (void)auth.challenge(other);
        auth.server().request(other, protocol::type::kSignIn, body);
        CHECK(errorOf(other.last()) == WireError::Used);
        auth.server().request(session, protocol::type::kSignIn, body);
        CHECK(errorOf(session.last()) == WireError::Used);
    }
    SECTION("an expired challenge")
    {
        auth.clock().advance(server::Session::kChallengeLifetimeMs + 1);
        auth.server().request(session, protocol::type::kSignIn, body);
        CHECK(errorOf(session.last()) == WireError::Expired);
    }
    SECTION("a signature made for another certificate pin")
    {
        const QByteArray nonce = body.value(QLatin1String("nonce")).toByteArray();
        body.insert(QLatin1String("signature"),
            device.sign(protocol::authStatement(
                protocol::AuthPurpose::SignIn, protocol::certificatePin(QByteArrayLiteral("mitm")), nonce)));
        auth.server().request(session, protocol::type::kSignIn, body);
        CHECK(errorOf(session.last()) == WireError::Invalid);
        CHECK(account(auth, QStringLiteral("pat.one")).failedSignIns == 1);
        CHECK(auditHas(
            auth.server(), QStringLiteral("signin.failed user=pat.one reason=signature failures=1")));
    }
    SECTION("a resumption signature cannot sign in")
    {
        const QByteArray nonce = body.value(QLatin1String("nonce")).toByteArray();
        body.insert(QLatin1String("signature"),
            device.sign(protocol::authStatement(
                protocol::AuthPurpose::Resume, auth.server().identity().certificatePin, nonce)));
        auth.server().request(session, protocol::type::kSignIn, body);
        CHECK(errorOf(session.last()) == WireError::Invalid);
    }
    SECTION("a device that never enrolled")
    {
        const auto stranger = crypto::DeviceIdentity::generate();
        CHECK(errorOf(auth.signIn(session, stranger)) == WireError::NotFound);
        CHECK(auditHas(auth.server(), QStringLiteral("signin.failed user=unknown reason=unknown-device")));
    }
    CHECK(auth.server().stats().value(server::ServerStats::Counter::SignInFailures) >= 1);
}

TEST_CASE("A clinician needs a fresh TOTP code, each code works once", "[server][signin]")
{
    test::AuthHarness auth;
    const auto clinician
        = auth.enrolClinic(Role::Clinician, QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"));
    test::FakeSession session;
    auth.server().connect(session);

    CHECK(errorOf(auth.signIn(session, clinician.device)) == WireError::TotpRequired);
    CHECK_FALSE(session.signedIn());
    CHECK(errorOf(auth.signIn(session, clinician.device, wrongCode(auth.totpCode(clinician.totpUri))))
        == WireError::WrongCode);
    const QString code = auth.totpCode(clinician.totpUri);
    REQUIRE(auth.signIn(session, clinician.device, code).type == QLatin1String("signin.ok"));
    CHECK(account(auth, QStringLiteral("dr.ward")).failedSignIns == 0);

    test::FakeSession replay;
    auth.server().connect(replay);
    const protocol::Message refused = auth.signIn(replay, clinician.device, code);
    CHECK(errorOf(refused) == WireError::WrongCode);
    CHECK(refused.toError().message.contains(QStringLiteral("already used")));
    CHECK(auditHas(auth.server(), QStringLiteral("signin.failed user=dr.ward reason=totp-replayed")));

    auth.clock().advance(30'000);
    CHECK(auth.signIn(replay, clinician.device, auth.totpCode(clinician.totpUri)).type
        == QLatin1String("signin.ok"));
    // The new connection took over from the old one.
    CHECK(session.closed());
}

TEST_CASE("Guessing TOTP codes is throttled, and the right code waits too", "[server][signin]")
{
    test::AuthHarness auth;
    const auto clinician
        = auth.enrolClinic(Role::Clinician, QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"));
    test::FakeSession session;
    auth.server().connect(session);
    for (int i = 1; i <= 5; ++i) {
        CHECK(errorOf(auth.signIn(session, clinician.device, wrongCode(auth.totpCode(clinician.totpUri))))
            == WireError::WrongCode);
    }
    CHECK(account(auth, QStringLiteral("dr.ward")).failedSignIns == 5);
    const protocol::Message throttled
        = auth.signIn(session, clinician.device, auth.totpCode(clinician.totpUri));
    CHECK(errorOf(throttled) == WireError::Throttled);
    CHECK(throttled.body.value(QLatin1String("retryAfterMs")).toInteger() == 1'000);
    CHECK_FALSE(session.signedIn());
    // A throttled attempt does not make the wait longer.
    CHECK(account(auth, QStringLiteral("dr.ward")).failedSignIns == 5);

    SECTION("the wait grows with each further failure")
    {
        auth.clock().advance(1'000);
        CHECK(errorOf(auth.signIn(session, clinician.device, wrongCode(auth.totpCode(clinician.totpUri))))
            == WireError::WrongCode);
        CHECK(auth.signIn(session, clinician.device, auth.totpCode(clinician.totpUri))
                  .body.value(QLatin1String("retryAfterMs"))
                  .toInteger()
            == 2'000);
    }
    SECTION("after the wait the right code signs in and clears the count")
    {
        auth.clock().advance(1'000);
        CHECK(auth.signIn(session, clinician.device, auth.totpCode(clinician.totpUri)).type
            == QLatin1String("signin.ok"));
        CHECK(account(auth, QStringLiteral("dr.ward")).failedSignIns == 0);
    }
    SECTION("another address still waits out the account's delay")
    {
        test::FakeSession fresh(QStringLiteral("203.0.113.50"));
        auth.server().connect(fresh);
        CHECK(errorOf(auth.signIn(fresh, clinician.device, auth.totpCode(clinician.totpUri)))
            == WireError::Throttled);
    }
}

TEST_CASE("One hundred failures in a row lock the account until an admin unlocks it", "[server][signin]")
{
    test::AuthHarness auth;
    const auto clinician
        = auth.enrolClinic(Role::Clinician, QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"));
    REQUIRE(server::AccountRepository(auth.server().db())
                .recordFailure(QStringLiteral("dr.ward"), 99, 0, std::nullopt));
    test::FakeSession session;
    auth.server().connect(session);
    CHECK(errorOf(auth.signIn(session, clinician.device, wrongCode(auth.totpCode(clinician.totpUri))))
        == WireError::WrongCode);
    CHECK(account(auth, QStringLiteral("dr.ward")).lockedMs == auth.clock().now());
    CHECK(auditHas(auth.server(), QStringLiteral("account.locked user=dr.ward failures=100")));

    auth.clock().advance(3600'000);
    CHECK(errorOf(auth.signIn(session, clinician.device, auth.totpCode(clinician.totpUri)))
        == WireError::Locked);

    QCborMap unlock;
    unlock.insert(QLatin1String("user"), QStringLiteral("dr.ward"));
    auth.server().request(auth.admin(), protocol::type::kAccountUnlock, unlock);
    REQUIRE(auth.admin().last().type == QLatin1String("account.unlock.ok"));
    CHECK(auditHas(auth.server(), QStringLiteral("account.unlocked user=dr.ward by=it.admin")));
    CHECK_FALSE(account(auth, QStringLiteral("dr.ward")).lockedMs);
    CHECK(auth.signIn(session, clinician.device, auth.totpCode(clinician.totpUri)).type
        == QLatin1String("signin.ok"));
}

TEST_CASE("Failures from one address throttle it across accounts, not other addresses", "[server][signin]")
{
    test::AuthHarness auth;
    std::vector<crypto::DeviceIdentity> devices;
    for (int i = 0; i < 3; ++i) {
        devices.push_back(
            auth.enrolPatient(QStringLiteral("pat.%1").arg(i), QStringLiteral("Patient %1").arg(i)));
    }
    test::FakeSession attacker(QStringLiteral("198.51.100.66"));
    auth.server().connect(attacker);
    const auto impostor = crypto::DeviceIdentity::generate();
    for (int i = 0; i < 5; ++i) {
        // The impostor signs with its own key for each patient's device.
        auto body = auth.signInBody(attacker, impostor, protocol::AuthPurpose::SignIn);
        body.insert(QLatin1String("signingKey"),
            devices[static_cast<std::size_t>(i % 3)].publicIdentity().signingKey);
        auth.server().request(attacker, protocol::type::kSignIn, body);
        CHECK(errorOf(attacker.last()) == WireError::Invalid);
    }
    for (int i = 0; i < 3; ++i) {
        CHECK(account(auth, QStringLiteral("pat.%1").arg(i)).failedSignIns <= 2);
    }
    // Even a genuine device is refused from that address for now...
    const protocol::Message throttled = auth.signIn(attacker, devices[2]);
    CHECK(errorOf(throttled) == WireError::Throttled);
    CHECK(throttled.body.value(QLatin1String("retryAfterMs")).toInteger() == 1'000);
    // ...while another address signs in at once.
    test::FakeSession home(QStringLiteral("203.0.113.9"));
    auth.server().connect(home);
    CHECK(auth.signIn(home, devices[2]).type == QLatin1String("signin.ok"));
}

TEST_CASE("A resumption token signs a device in again once, without TOTP", "[server][signin]")
{
    test::AuthHarness auth;
    const auto clinician
        = auth.enrolClinic(Role::Clinician, QStringLiteral("dr.ward"), QStringLiteral("Dr Ward"));
    test::FakeSession first;
    auth.server().connect(first);
    const QByteArray token = auth.signIn(first, clinician.device, auth.totpCode(clinician.totpUri))
                                 .body.value(QLatin1String("resumeToken"))
                                 .toByteArray();
    REQUIRE(token.size() == 32);
    auth.server().hub().remove(first);

    test::FakeSession second;
    auth.server().connect(second);

    SECTION("once")
    {
        const protocol::Message resumed = auth.resume(second, clinician.device, token);
        REQUIRE(resumed.type == QLatin1String("resume.ok"));
        const QByteArray next = resumed.body.value(QLatin1String("resumeToken")).toByteArray();
        CHECK(next.size() == 32);
        CHECK(next != token);
        CHECK(second.signedIn());
        CHECK(auditHas(auth.server(),
            QStringLiteral("signin.succeeded user=dr.ward device=%1 via=resume")
                .arg(clinician.device.publicIdentity().fingerprint())));

        test::FakeSession third;
        auth.server().connect(third);
        CHECK(errorOf(auth.resume(third, clinician.device, token)) == WireError::Used);
        CHECK(auth.resume(third, clinician.device, next).type == QLatin1String("resume.ok"));
    }
    SECTION("not after twelve hours")
    {
        auth.clock().advance(12LL * 3600'000 + 1);
        CHECK(errorOf(auth.resume(second, clinician.device, token)) == WireError::Expired);
    }
    SECTION("not for another device")
    {
        const auto other
            = auth.enrolClinic(Role::Clinician, QStringLiteral("dr.other"), QStringLiteral("Dr Other"));
        CHECK(errorOf(auth.resume(second, other.device, token)) == WireError::Used);
        // The owner's token survives the stranger's attempt.
        CHECK(auth.resume(second, clinician.device, token).type == QLatin1String("resume.ok"));
    }
    SECTION("not with a sign-in signature")
    {
        auto body
            = auth.signInBody(second, clinician.device, protocol::AuthPurpose::SignIn, std::nullopt, token);
        auth.server().request(second, protocol::type::kResume, body);
        CHECK(errorOf(second.last()) == WireError::Invalid);
    }
}

TEST_CASE("A revoked device is cut off and cannot sign in or resume", "[server][signin][admin]")
{
    test::AuthHarness auth;
    const auto device = auth.enrolPatient(QStringLiteral("pat.one"), QStringLiteral("Pat One"));
    const QString code = auth.invite(Role::Patient, QStringLiteral("pat.one"), QStringLiteral("Pat One"));
    test::FakeSession enrolling;
    auth.server().connect(enrolling);
    const auto second = crypto::DeviceIdentity::generate();
    REQUIRE(auth.enrol(enrolling, code, second).type == QLatin1String("enrol.ok"));

    test::FakeSession lost;
    auth.server().connect(lost);
    const QByteArray token = auth.signIn(lost, device).body.value(QLatin1String("resumeToken")).toByteArray();
    test::FakeSession kept(QStringLiteral("203.0.113.20"));
    auth.server().connect(kept);
    REQUIRE(auth.signIn(kept, second).type == QLatin1String("signin.ok"));
    kept.clearSent();

    QCborMap revoke;
    revoke.insert(QLatin1String("user"), QStringLiteral("pat.one"));
    revoke.insert(QLatin1String("signingKey"), device.publicIdentity().signingKey);
    auth.server().request(auth.admin(), protocol::type::kDeviceRevoke, revoke);
    REQUIRE(auth.admin().last().type == QLatin1String("device.revoke.ok"));
    CHECK(lost.closed());
    CHECK_FALSE(kept.closed());
    CHECK(kept.ofType(QString::fromLatin1(protocol::type::kDirectoryChanged)).size() == 1);
    CHECK(auditHas(auth.server(),
        QStringLiteral("device.revoked user=pat.one device=%1 by=it.admin")
            .arg(device.publicIdentity().fingerprint())));

    auth.server().hub().remove(lost);
    test::FakeSession again;
    auth.server().connect(again);
    CHECK(errorOf(auth.signIn(again, device)) == WireError::Revoked);
    CHECK(errorOf(auth.resume(again, device, token)) == WireError::Revoked);

    SECTION("revoking a device the user does not have is NotFound")
    {
        revoke.insert(QLatin1String("user"), QStringLiteral("it.admin"));
        auth.server().request(auth.admin(), protocol::type::kDeviceRevoke, revoke);
        CHECK(errorOf(auth.admin().last()) == WireError::NotFound);
    }
}
