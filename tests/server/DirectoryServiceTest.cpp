// The directory: a user's name, role and devices (revoked ones marked), the contact it records, and the
// directory.changed push that reaches contacts when the device set changes.
#include "services/DirectoryService.h"
#include "ServerFixture.h"
#include "ServiceTestSupport.h"
#include "protocol/MessageTypes.h"
#include "services/DirectoryAnnouncer.h"

#include <QCborArray>
#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;
using protocol::WireError;
using test::errorOf;
using test::isReply;
using test::textOf;

namespace {

QCborMap lookupBody(const QString& user)
{
    QCborMap body;
    body.insert(QLatin1String("user"), user);
    return body;
}

struct Directory {
    test::ServerFixture server;
    server::DirectoryService directory { server.context() };
    crypto::DeviceIdentity patient
        = server.addUser(QStringLiteral("pat.a"), QStringLiteral("Pat A"), Role::Patient);
    crypto::DeviceIdentity clinicianDesk
        = server.addUser(QStringLiteral("dr.grey"), QStringLiteral("Dr Grey"), Role::Clinician);
    test::FakeSession patientSession;

    Directory()
    {
        directory.registerRoutes(server.router());
        server.signIn(patientSession, QStringLiteral("pat.a"), patient);
    }
};

} // namespace

TEST_CASE(
    "A lookup returns the user's name, role and every device, revoked ones marked", "[server][directory]")
{
    Directory dir;
    const auto laptop = test::addDevice(dir.server, QStringLiteral("dr.grey"));
    REQUIRE(server::DeviceRepository(dir.server.db())
                .revoke(QStringLiteral("dr.grey"), laptop.publicIdentity().signingKey, 1'700'000'500'000)
                .ok());

    dir.server.request(
        dir.patientSession, protocol::type::kDirectoryLookup, lookupBody(QStringLiteral("dr.grey")));
    const auto& reply = dir.patientSession.last();
    REQUIRE(isReply(reply, protocol::type::kDirectoryLookup));
    CHECK(textOf(reply, "user") == QLatin1String("dr.grey"));
    CHECK(textOf(reply, "name") == QLatin1String("Dr Grey"));
    CHECK(textOf(reply, "role") == QLatin1String("clinician"));
    const QCborArray devices = reply.body.value(QLatin1String("devices")).toArray();
    REQUIRE(devices.size() == 2);
    const QCborMap desk = devices.at(0).toMap();
    const auto& deskKeys = dir.clinicianDesk.publicIdentity();
    CHECK(desk.value(QLatin1String("signingKey")).toByteArray() == deskKeys.signingKey);
    CHECK(desk.value(QLatin1String("staticKey")).toByteArray() == deskKeys.staticKey);
    CHECK(desk.value(QLatin1String("staticKeySignature")).toByteArray() == deskKeys.staticKeySignature);
    CHECK(desk.value(QLatin1String("addedMs")).toInteger() == dir.server.clock().now());
    CHECK_FALSE(desk.contains(QLatin1String("revokedMs")));
    CHECK_FALSE(desk.contains(QLatin1String("credential"))); // the fixture's devices carry none
    const QCborMap revoked = devices.at(1).toMap();
    CHECK(revoked.value(QLatin1String("signingKey")).toByteArray() == laptop.publicIdentity().signingKey);
    CHECK(revoked.value(QLatin1String("revokedMs")).toInteger() == 1'700'000'500'000);
}

TEST_CASE("A lookup refuses unknown users and bad ids, and needs a sign-in", "[server][directory]")
{
    Directory dir;
    dir.server.request(
        dir.patientSession, protocol::type::kDirectoryLookup, lookupBody(QStringLiteral("nobody")));
    CHECK(errorOf(dir.patientSession.last()) == WireError::NotFound);
    dir.server.request(
        dir.patientSession, protocol::type::kDirectoryLookup, lookupBody(QStringLiteral("Not An Id")));
    CHECK(errorOf(dir.patientSession.last()) == WireError::Malformed);
    dir.server.request(dir.patientSession, protocol::type::kDirectoryLookup);
    CHECK(errorOf(dir.patientSession.last()) == WireError::Malformed);

    test::FakeSession anonymous;
    dir.server.connect(anonymous);
    dir.server.request(anonymous, protocol::type::kDirectoryLookup, lookupBody(QStringLiteral("dr.grey")));
    CHECK(errorOf(anonymous.last()) == WireError::Unauthenticated);
    CHECK(test::queryInt(dir.server.db(), "SELECT COUNT(*) FROM contacts") == 0);
}

TEST_CASE("Whoever looked a user up hears when that user's devices change", "[server][directory]")
{
    Directory dir;
    test::FakeSession clinician;
    dir.server.signIn(clinician, QStringLiteral("dr.grey"), dir.clinicianDesk);
    test::FakeSession stranger;
    dir.server.signIn(stranger, QStringLiteral("pat.z"),
        dir.server.addUser(QStringLiteral("pat.z"), QStringLiteral("Pat Z"), Role::Patient));

    dir.server.request(
        dir.patientSession, protocol::type::kDirectoryLookup, lookupBody(QStringLiteral("dr.grey")));
    REQUIRE(isReply(dir.patientSession.last(), protocol::type::kDirectoryLookup));
    // Looking up twice records one contact; looking yourself up records none.
    dir.server.request(
        dir.patientSession, protocol::type::kDirectoryLookup, lookupBody(QStringLiteral("dr.grey")));
    dir.server.request(clinician, protocol::type::kDirectoryLookup, lookupBody(QStringLiteral("dr.grey")));
    CHECK(test::queryInt(dir.server.db(), "SELECT COUNT(*) FROM contacts") == 1);

    server::announceDeviceChange(dir.server.context(), QStringLiteral("dr.grey"));
    const auto pushes = dir.patientSession.ofType(QLatin1String(protocol::type::kDirectoryChanged));
    REQUIRE(pushes.size() == 1);
    CHECK(textOf(pushes[0], "user") == QLatin1String("dr.grey"));
    CHECK(pushes[0].id == 0);
    // The user's own devices hear too; someone who never looked does not.
    CHECK(clinician.ofType(QLatin1String(protocol::type::kDirectoryChanged)).size() == 1);
    CHECK(stranger.ofType(QLatin1String(protocol::type::kDirectoryChanged)).empty());
}
