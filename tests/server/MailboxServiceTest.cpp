// The mailbox: one copy per recipient device, live delivery and delivery on sign-in in id order, per-device
// acknowledgement, expiry that is swept and never delivered, and the recipient's quota.
#include "services/MailboxService.h"
#include "ServerFixture.h"
#include "ServiceTestSupport.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "store/MailboxRepository.h"

#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;
using protocol::WireError;
using test::bytesOf;
using test::errorOf;
using test::intOf;
using test::isReply;
using test::textOf;

namespace {

const QString kAlice = QStringLiteral("pat.alice");
const QString kBob = QStringLiteral("dr.bob");
constexpr qint64 kHour = 3600;

QCborMap sendBody(const QString& to, const QByteArray& envelope, qint64 ttlSeconds = kHour)
{
    QCborMap body;
    body.insert(QLatin1String("to"), to);
    body.insert(QLatin1String("envelope"), envelope);
    body.insert(QLatin1String("ttlSeconds"), ttlSeconds);
    return body;
}

QCborMap ackBody(qint64 id)
{
    QCborMap body;
    body.insert(QLatin1String("id"), id);
    return body;
}

std::vector<QByteArray> envelopesDelivered(const test::FakeSession& session)
{
    std::vector<QByteArray> out;
    for (const auto& push : session.ofType(QLatin1String(protocol::type::kMailDeliver))) {
        out.push_back(bytesOf(push, "envelope"));
    }
    return out;
}

// Alice (patient, one device, signed in) writes to Bob (clinician, desk and laptop, neither signed in yet).
struct Post {
    test::ServerFixture server;
    server::MailboxService mailbox;
    crypto::DeviceIdentity alice = server.addUser(kAlice, QStringLiteral("Alice"), Role::Patient);
    crypto::DeviceIdentity bobDesk = server.addUser(kBob, QStringLiteral("Dr Bob"), Role::Clinician);
    crypto::DeviceIdentity bobLaptop = test::addDevice(server, kBob);
    test::FakeSession aliceSession;

    explicit Post(server::MailboxLimits limits = {})
        : mailbox(server.context(), limits)
    {
        mailbox.registerRoutes(server.router());
        server.signIn(aliceSession, kAlice, alice);
    }

    qint64 send(const QByteArray& envelope, qint64 ttlSeconds = kHour)
    {
        server.request(aliceSession, protocol::type::kMailSend, sendBody(kBob, envelope, ttlSeconds));
        REQUIRE(isReply(aliceSession.last(), protocol::type::kMailSend));
        return intOf(aliceSession.last(), "id");
    }
    qint64 stored() { return test::queryInt(server.db(), "SELECT COUNT(*) FROM mailbox"); }
};

} // namespace

TEST_CASE("Envelopes wait for each device and arrive in order when it signs in", "[server][mailbox]")
{
    Post post;
    const QByteArray first = test::randomBytes(100);
    const QByteArray second = test::randomBytes(200);
    const QByteArray third = test::randomBytes(300);
    post.send(first);
    post.send(second);
    post.send(third);
    CHECK(post.stored() == 6); // three envelopes, two devices

    test::FakeSession desk;
    post.server.signIn(desk, kBob, post.bobDesk);
    CHECK(envelopesDelivered(desk) == std::vector<QByteArray> { first, second, third });
    const auto pushes = desk.ofType(QLatin1String(protocol::type::kMailDeliver));
    CHECK(textOf(pushes[0], "from") == kAlice);
    CHECK(bytesOf(pushes[0], "fromDevice") == post.alice.publicIdentity().signingKey);
    CHECK(intOf(pushes[0], "sentMs") == post.server.clock().now());
    CHECK(intOf(pushes[0], "id") < intOf(pushes[1], "id"));
    CHECK(intOf(pushes[1], "id") < intOf(pushes[2], "id"));

    SECTION("an acknowledgement removes only the calling device's copy")
    {
        for (const auto& push : pushes) {
            post.server.request(desk, protocol::type::kMailAck, ackBody(intOf(push, "id")));
            CHECK(isReply(desk.last(), protocol::type::kMailAck));
        }
        CHECK(post.stored() == 3);

        test::FakeSession deskAgain;
        post.server.signIn(deskAgain, kBob, post.bobDesk);
        CHECK(envelopesDelivered(deskAgain).empty());
        test::FakeSession laptop;
        post.server.signIn(laptop, kBob, post.bobLaptop);
        CHECK(envelopesDelivered(laptop) == std::vector<QByteArray> { first, second, third });

        // The laptop cannot acknowledge (and so delete) what the desk already took, nor the desk the
        // laptop's copies.
        post.server.request(laptop, protocol::type::kMailAck, ackBody(intOf(pushes[0], "id")));
        CHECK(errorOf(laptop.last()) == WireError::NotFound);
        const qint64 laptopFirst = intOf(laptop.ofType(QLatin1String(protocol::type::kMailDeliver))[0], "id");
        post.server.request(deskAgain, protocol::type::kMailAck, ackBody(laptopFirst));
        CHECK(errorOf(deskAgain.last()) == WireError::NotFound);
        CHECK(post.stored() == 3);
    }
    SECTION("unacknowledged envelopes come again on the next sign-in")
    {
        test::FakeSession deskAgain;
        post.server.signIn(deskAgain, kBob, post.bobDesk);
        CHECK(envelopesDelivered(deskAgain) == std::vector<QByteArray> { first, second, third });
    }
}

TEST_CASE("A connected device gets an envelope as soon as it is sent", "[server][mailbox]")
{
    Post post;
    test::FakeSession desk;
    post.server.signIn(desk, kBob, post.bobDesk);
    const QByteArray envelope = test::randomBytes(64);
    const qint64 id = post.send(envelope);
    const auto pushes = desk.ofType(QLatin1String(protocol::type::kMailDeliver));
    REQUIRE(pushes.size() == 1);
    CHECK(bytesOf(pushes[0], "envelope") == envelope);
    CHECK(intOf(pushes[0], "id") == id);
    // The sender's own device is not a recipient.
    CHECK(post.aliceSession.ofType(QLatin1String(protocol::type::kMailDeliver)).empty());
}

TEST_CASE("Revoked devices get no copy", "[server][mailbox]")
{
    Post post;
    REQUIRE(server::DeviceRepository(post.server.db())
                .revoke(kBob, post.bobLaptop.publicIdentity().signingKey, post.server.clock().now())
                .ok());
    post.send(test::randomBytes(10));
    CHECK(post.stored() == 1);
}

TEST_CASE("Expired envelopes are never delivered and are swept", "[server][mailbox]")
{
    Post post;
    const QByteArray shortLived = test::randomBytes(40);
    const QByteArray longLived = test::randomBytes(40);
    post.send(shortLived, 60);
    post.send(longLived, 2 * kHour);
    post.server.clock().advance(61'000);

    test::FakeSession desk;
    post.server.signIn(desk, kBob, post.bobDesk);
    CHECK(envelopesDelivered(desk) == std::vector<QByteArray> { longLived });

    CHECK(post.stored() == 4);
    post.mailbox.sweep();
    CHECK(post.stored() == 2);
    post.server.clock().advance(2 * kHour * 1000);
    post.mailbox.sweep();
    CHECK(post.stored() == 0);
}

TEST_CASE("The mailbox refuses what it must not take", "[server][mailbox]")
{
    Post post;
    SECTION("a time-to-live outside 60 seconds .. 30 days")
    {
        post.server.request(
            post.aliceSession, protocol::type::kMailSend, sendBody(kBob, test::randomBytes(8), 59));
        CHECK(errorOf(post.aliceSession.last()) == WireError::Invalid);
        post.server.request(post.aliceSession, protocol::type::kMailSend,
            sendBody(kBob, test::randomBytes(8), server::MailboxService::kMaxTtlSeconds + 1));
        CHECK(errorOf(post.aliceSession.last()) == WireError::Invalid);
        post.send(test::randomBytes(8), server::MailboxService::kMaxTtlSeconds);
        CHECK(post.stored() == 2);
    }
    SECTION("an envelope over its limit, or empty")
    {
        post.server.request(post.aliceSession, protocol::type::kMailSend,
            sendBody(kBob, test::randomBytes(protocol::kMaxEnvelopeBytes + 1)));
        CHECK(errorOf(post.aliceSession.last()) == WireError::TooLarge);
        post.server.request(post.aliceSession, protocol::type::kMailSend, sendBody(kBob, QByteArray()));
        CHECK(errorOf(post.aliceSession.last()) == WireError::Malformed);
        post.send(test::randomBytes(protocol::kMaxEnvelopeBytes));
    }
    SECTION("a recipient who does not exist")
    {
        post.server.request(post.aliceSession, protocol::type::kMailSend,
            sendBody(QStringLiteral("nobody"), test::randomBytes(8)));
        CHECK(errorOf(post.aliceSession.last()) == WireError::NotFound);
    }
    SECTION("an acknowledgement of an id that is not there")
    {
        post.server.request(post.aliceSession, protocol::type::kMailAck, ackBody(12345));
        CHECK(errorOf(post.aliceSession.last()) == WireError::NotFound);
    }
}

TEST_CASE("A recipient's mailbox holds at most 1000 envelopes or 32 MiB", "[server][mailbox]")
{
    SECTION("the limits are the documented ones")
    {
        const server::MailboxLimits limits;
        CHECK(limits.maxEnvelopes == 1000);
        CHECK(limits.maxBytes == 32 * 1024 * 1024);
    }
    SECTION("counting every device's copy")
    {
        Post post(server::MailboxLimits { 6, 1024 * 1024 });
        post.send(test::randomBytes(10));
        post.send(test::randomBytes(10));
        post.send(test::randomBytes(10)); // 6 copies
        post.server.request(
            post.aliceSession, protocol::type::kMailSend, sendBody(kBob, test::randomBytes(10)));
        CHECK(errorOf(post.aliceSession.last()) == WireError::QuotaExceeded);
        CHECK(post.stored() == 6);

        // Acknowledged copies free room again.
        test::FakeSession desk;
        post.server.signIn(desk, kBob, post.bobDesk);
        for (const auto& push : desk.ofType(QLatin1String(protocol::type::kMailDeliver))) {
            post.server.request(desk, protocol::type::kMailAck, ackBody(intOf(push, "id")));
        }
        post.send(test::randomBytes(10));
    }
    SECTION("counting bytes")
    {
        Post post(server::MailboxLimits { 1000, 3000 });
        post.send(test::randomBytes(1000)); // 2000 bytes held
        post.server.request(
            post.aliceSession, protocol::type::kMailSend, sendBody(kBob, test::randomBytes(501)));
        CHECK(errorOf(post.aliceSession.last()) == WireError::QuotaExceeded);
        post.send(test::randomBytes(500));
    }
    SECTION("expired envelopes do not count")
    {
        Post post(server::MailboxLimits { 2, 1024 * 1024 });
        post.send(test::randomBytes(10), 60);
        post.server.clock().advance(60'000);
        post.send(test::randomBytes(10));
    }
    SECTION("the real count limit")
    {
        Post post;
        REQUIRE(server::DeviceRepository(post.server.db())
                    .revoke(kBob, post.bobLaptop.publicIdentity().signingKey, post.server.clock().now())
                    .ok());
        // 999 envelopes written in one transaction (one by one through the service would be slow), then
        // the thousandth through the service.
        const server::MailboxEnvelope row { 0, kBob, {}, kAlice, post.alice.publicIdentity().signingKey,
            post.server.clock().now(), post.server.clock().now() + kHour * 1000, test::randomBytes(16) };
        const std::vector<QByteArray> copies(999, post.bobDesk.publicIdentity().signingKey);
        REQUIRE(server::MailboxRepository(post.server.db()).store(row, copies).ok());
        post.send(test::randomBytes(16));
        CHECK(post.stored() == 1000);
        post.server.request(
            post.aliceSession, protocol::type::kMailSend, sendBody(kBob, test::randomBytes(16)));
        CHECK(errorOf(post.aliceSession.last()) == WireError::QuotaExceeded);
    }
}
