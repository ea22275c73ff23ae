// The checks every request passes before its handler: known type, signed in, role allowed, a real id.
#include "ServerFixture.h"
#include "protocol/MessageTypes.h"

#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;
using protocol::WireError;

namespace {

WireError errorOf(const protocol::Message& message)
{
    REQUIRE(message.isError());
    return message.toError().wire;
}

} // namespace

TEST_CASE("The router refuses what a session may not ask, and counts each refusal", "[server][router]")
{
    test::ServerFixture server;
    int handled = 0;
    server.router().add("test.open", server::Access::Anyone, {},
        [&](server::Session& session, const protocol::Message& request) {
            ++handled;
            session.reply(request);
        });
    server.router().add("test.admin", server::Access::SignedIn, { Role::Admin },
        [&](server::Session& session, const protocol::Message& request) {
            ++handled;
            session.reply(request);
        });

    test::FakeSession anonymous;
    server.connect(anonymous);

    SECTION("an unknown type")
    {
        server.request(anonymous, "test.nothing", {}, 7);
        CHECK(errorOf(anonymous.last()) == WireError::UnknownType);
        CHECK(anonymous.last().id == 7);
        CHECK(server.stats().value(server::ServerStats::Counter::UnknownType) == 1);
    }
    SECTION("a request without an id")
    {
        server.request(anonymous, "test.open", {}, 0);
        CHECK(errorOf(anonymous.last()) == WireError::Malformed);
        CHECK(handled == 0);
    }
    SECTION("open routes answer anyone")
    {
        server.request(anonymous, "test.open", {}, 3);
        CHECK(anonymous.last().type == QLatin1String("test.open.ok"));
        CHECK(anonymous.last().id == 3);
        CHECK(handled == 1);
    }
    SECTION("signed-in routes refuse a session that has not signed in")
    {
        server.request(anonymous, "test.admin");
        CHECK(errorOf(anonymous.last()) == WireError::Unauthenticated);
        CHECK(handled == 0);
        CHECK(server.stats().value(server::ServerStats::Counter::Unauthenticated) == 1);
    }
    SECTION("a patient cannot reach an admin route; an admin can")
    {
        test::FakeSession patient;
        server.signIn(patient, QStringLiteral("p.one"),
            server.addUser(QStringLiteral("p.one"), QStringLiteral("Pat One"), Role::Patient));
        server.request(patient, "test.admin");
        CHECK(errorOf(patient.last()) == WireError::Forbidden);
        CHECK(server.stats().value(server::ServerStats::Counter::Forbidden) == 1);

        test::FakeSession admin;
        server.signIn(admin, QStringLiteral("a.one"),
            server.addUser(QStringLiteral("a.one"), QStringLiteral("Ada Admin"), Role::Admin));
        server.request(admin, "test.admin");
        CHECK(admin.last().type == QLatin1String("test.admin.ok"));
        CHECK(handled == 1);
    }
}
