// Signalling: relayed only between the two parties of an admitted visit, to one device or all of the peer's,
// Offline when nobody is there, never to a stranger, and never stored.
#include "services/SignallingService.h"
#include "ServerFixture.h"
#include "ServiceTestSupport.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "services/VisitRegistry.h"

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

const QString kPatient = QStringLiteral("pat.a");
const QString kClinician = QStringLiteral("dr.grey");

QCborMap signalBody(
    const QString& visit, const QString& to, const QByteArray& payload, const QByteArray& device = {})
{
    QCborMap body;
    body.insert(QLatin1String("visit"), visit);
    body.insert(QLatin1String("to"), to);
    body.insert(QLatin1String("payload"), payload);
    if (!device.isEmpty()) {
        body.insert(QLatin1String("device"), device);
    }
    return body;
}

struct Call {
    test::ServerFixture server;
    server::SignallingService signalling { server.context() };
    crypto::DeviceIdentity patient = server.addUser(kPatient, QStringLiteral("Pat A"), Role::Patient);
    crypto::DeviceIdentity desk = server.addUser(kClinician, QStringLiteral("Dr Grey"), Role::Clinician);
    crypto::DeviceIdentity laptop = test::addDevice(server, kClinician);
    test::FakeSession patientSession;
    test::FakeSession deskSession;
    test::FakeSession laptopSession;
    QString visit;

    Call()
    {
        signalling.registerRoutes(server.router());
        server.signIn(patientSession, kPatient, patient);
        server.signIn(deskSession, kClinician, desk);
        server.signIn(laptopSession, kClinician, laptop);
        auto created = server.context().visits.create(kPatient, kClinician, server.clock().now());
        REQUIRE(created.ok());
        visit = created->visitId;
    }
};

} // namespace

TEST_CASE("Signalling reaches every connected device of the other party of a visit", "[server][signal]")
{
    Call call;
    const QByteArray payload = test::randomBytes(500);
    call.server.request(
        call.patientSession, protocol::type::kSignalSend, signalBody(call.visit, kClinician, payload));
    REQUIRE(isReply(call.patientSession.last(), protocol::type::kSignalSend));
    CHECK(intOf(call.patientSession.last(), "delivered") == 2);
    for (test::FakeSession* session : { &call.deskSession, &call.laptopSession }) {
        const auto pushes = session->ofType(QLatin1String(protocol::type::kSignal));
        REQUIRE(pushes.size() == 1);
        CHECK(textOf(pushes[0], "visit") == call.visit);
        CHECK(textOf(pushes[0], "from") == kPatient);
        CHECK(bytesOf(pushes[0], "fromDevice") == call.patient.publicIdentity().signingKey);
        CHECK(bytesOf(pushes[0], "payload") == payload);
    }

    SECTION("or one named device only")
    {
        call.server.request(call.patientSession, protocol::type::kSignalSend,
            signalBody(call.visit, kClinician, payload, call.laptop.publicIdentity().signingKey));
        CHECK(intOf(call.patientSession.last(), "delivered") == 1);
        CHECK(call.deskSession.ofType(QLatin1String(protocol::type::kSignal)).size() == 1);
        CHECK(call.laptopSession.ofType(QLatin1String(protocol::type::kSignal)).size() == 2);
    }
    SECTION("and back the other way")
    {
        call.server.request(
            call.deskSession, protocol::type::kSignalSend, signalBody(call.visit, kPatient, payload));
        CHECK(intOf(call.deskSession.last(), "delivered") == 1);
        CHECK(call.patientSession.ofType(QLatin1String(protocol::type::kSignal)).size() == 1);
    }
    SECTION("nothing is stored")
    {
        CHECK(test::queryInt(call.server.db(), "SELECT COUNT(*) FROM mailbox") == 0);
    }
}

TEST_CASE("Signalling outside a visit, or to nobody, is refused", "[server][signal]")
{
    Call call;
    const QByteArray payload = test::randomBytes(32);
    test::FakeSession stranger;
    const auto strangerDevice
        = call.server.addUser(QStringLiteral("pat.z"), QStringLiteral("Pat Z"), Role::Patient);
    call.server.signIn(stranger, QStringLiteral("pat.z"), strangerDevice);

    SECTION("a stranger using a real visit id")
    {
        call.server.request(
            stranger, protocol::type::kSignalSend, signalBody(call.visit, kClinician, payload));
        CHECK(errorOf(stranger.last()) == WireError::Forbidden);
        call.server.request(call.deskSession, protocol::type::kSignalSend,
            signalBody(call.visit, QStringLiteral("pat.z"), payload));
        CHECK(errorOf(call.deskSession.last()) == WireError::Forbidden);
        CHECK(stranger.ofType(QLatin1String(protocol::type::kSignal)).empty());
        CHECK(call.deskSession.ofType(QLatin1String(protocol::type::kSignal)).empty());
    }
    SECTION("a visit that does not exist")
    {
        call.server.request(call.patientSession, protocol::type::kSignalSend,
            signalBody(QStringLiteral("00112233445566778899aabbccddeeff"), kClinician, payload));
        CHECK(errorOf(call.patientSession.last()) == WireError::Forbidden);
    }
    SECTION("a named device that belongs to someone else is not reached")
    {
        call.server.request(call.patientSession, protocol::type::kSignalSend,
            signalBody(call.visit, kClinician, payload, strangerDevice.publicIdentity().signingKey));
        CHECK(errorOf(call.patientSession.last()) == WireError::Offline);
        CHECK(stranger.ofType(QLatin1String(protocol::type::kSignal)).empty());
    }
    SECTION("a peer with no device connected")
    {
        call.server.hub().remove(call.deskSession);
        call.server.hub().remove(call.laptopSession);
        call.server.request(
            call.patientSession, protocol::type::kSignalSend, signalBody(call.visit, kClinician, payload));
        CHECK(errorOf(call.patientSession.last()) == WireError::Offline);
    }
    SECTION("a payload over its limit")
    {
        call.server.request(call.patientSession, protocol::type::kSignalSend,
            signalBody(call.visit, kClinician, test::randomBytes(protocol::kMaxSignalBytes + 1)));
        CHECK(errorOf(call.patientSession.last()) == WireError::TooLarge);
        CHECK(call.deskSession.ofType(QLatin1String(protocol::type::kSignal)).empty());
    }
}
