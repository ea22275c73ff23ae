// TURN credentials: coturn's REST scheme (username "expiry:user", password base64 HMAC-SHA1 of it under
// the shared secret), checked against values computed by another implementation, and the refusal when the
// server has no TURN secret.
#include "services/TurnService.h"
#include "ServerFixture.h"
#include "ServiceTestSupport.h"
#include "protocol/MessageTypes.h"
#include "protocol/TurnCredentials.h"

#include <QCborArray>
#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;
using protocol::WireError;
using test::errorOf;
using test::intOf;
using test::isReply;
using test::textOf;

namespace {

// The shared secret of the expected values below. Each password was computed with the OpenSSL command
// line, independently of Ward's code:
//   printf '%s' "1700003600:pat.a" | openssl dgst -sha1 -hmac north-clinic-turn-secret -binary | base64
constexpr char kSecret[] = "north-clinic-turn-secret";

struct Relay {
    test::ServerFixture server;
    server::TurnService turn { server.context() };
    test::FakeSession patient;

    Relay()
    {
        turn.registerRoutes(server.router());
        server.signIn(patient, QStringLiteral("pat.a"),
            server.addUser(QStringLiteral("pat.a"), QStringLiteral("Pat A"), Role::Patient));
    }
};

} // namespace

TEST_CASE("TURN credentials follow coturn's shared-secret scheme", "[server][turn]")
{
    Relay relay;
    relay.server.turn().sharedSecret = test::secret(kSecret);
    relay.server.turn().uris = QStringList { QStringLiteral("turn:turn.clinic.example:3478?transport=udp"),
        QStringLiteral("turns:turn.clinic.example:443?transport=tcp") };
    relay.server.turn().lifetimeSeconds = 3600;

    relay.server.request(relay.patient, protocol::type::kTurnCredentials);
    const auto& reply = relay.patient.last();
    REQUIRE(isReply(reply, protocol::type::kTurnCredentials));
    // The fixture's clock stands at 1'700'000'000'000 ms; an hour later is 1'700'003'600 s.
    CHECK(textOf(reply, "username") == QLatin1String("1700003600:pat.a"));
    CHECK(textOf(reply, "password") == QLatin1String("+fswz77Gr2Ra2EaIOHh0tlf7q4k="));
    CHECK(intOf(reply, "expiresMs") == 1'700'003'600'000);
    CHECK(reply.body.value(QLatin1String("uris")).toArray()
        == QCborArray::fromStringList(relay.server.turn().uris));
}

TEST_CASE("TURN credentials are minted anew from the clock and the configured lifetime", "[server][turn]")
{
    const auto minted
        = protocol::mintTurnCredentials(test::secret(kSecret), QStringLiteral("dr.grey"), 1'700'000'600);
    CHECK(minted.username == QLatin1String("1700000600:dr.grey"));
    CHECK(minted.password == QLatin1String("kI3SvJcqFckBvoR2IyFKtu4tBEM="));

    Relay relay;
    relay.server.turn().sharedSecret = test::secret(kSecret);
    relay.server.turn().lifetimeSeconds = 600;
    relay.server.clock().advance(5000);
    relay.server.request(relay.patient, protocol::type::kTurnCredentials);
    CHECK(textOf(relay.patient.last(), "username") == QLatin1String("1700000605:pat.a"));
    CHECK(intOf(relay.patient.last(), "expiresMs") == 1'700'000'605'000);
    // Another secret gives another password for the same name.
    const auto other = protocol::mintTurnCredentials(
        test::secret("another secret"), QStringLiteral("pat.a"), 1'700'000'605);
    CHECK(textOf(relay.patient.last(), "password") != other.password);
}

TEST_CASE("A server without a TURN secret says so", "[server][turn]")
{
    Relay relay;
    relay.server.request(relay.patient, protocol::type::kTurnCredentials);
    CHECK(errorOf(relay.patient.last()) == WireError::NotFound);
    CHECK(relay.patient.last().toError().message.contains(
        QLatin1String("TURN is not configured on this server")));

    test::FakeSession anonymous;
    relay.server.connect(anonymous);
    relay.server.request(anonymous, protocol::type::kTurnCredentials);
    CHECK(errorOf(anonymous.last()) == WireError::Unauthenticated);
}
