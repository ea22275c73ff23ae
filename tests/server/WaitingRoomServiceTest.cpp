// Waiting rooms: who may check in and with what, places as patients come and go, what clinicians and staff
// see, admission into a visit and sending back, and a patient's lost connection with its grace period.
#include "services/WaitingRoomService.h"
#include "ServerAuditEvent.h"
#include "ServerFixture.h"
#include "ServiceTestSupport.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "services/VisitRegistry.h"

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

const QString kRoom = QStringLiteral("dr.grey");

QCborMap reason(const QByteArray& device, const QByteArray& sealed)
{
    QCborMap item;
    item.insert(QLatin1String("device"), device);
    item.insert(QLatin1String("sealed"), sealed);
    return item;
}

QCborMap checkInBody(const QString& room, QCborArray reasons = {})
{
    QCborMap body;
    body.insert(QLatin1String("room"), room);
    body.insert(QLatin1String("reasons"), reasons);
    return body;
}

QCborMap userBody(const QString& user)
{
    QCborMap body;
    body.insert(QLatin1String("user"), user);
    return body;
}

QCborArray entriesOf(const protocol::Message& reply)
{
    return reply.body.value(QLatin1String("entries")).toArray();
}

// A clinic with one clinician (two devices, both signed in), a second clinician, staff, and patients.
struct Clinic {
    test::ServerFixture server;
    server::WaitingRoomService rooms { server.context() };
    crypto::DeviceIdentity greyDesk = server.addUser(kRoom, QStringLiteral("Dr Grey"), Role::Clinician);
    crypto::DeviceIdentity greyLaptop = test::addDevice(server, kRoom);
    test::FakeSession greyDeskSession;
    test::FakeSession greyLaptopSession;

    Clinic()
    {
        rooms.registerRoutes(server.router());
        server.signIn(greyDeskSession, kRoom, greyDesk);
        server.signIn(greyLaptopSession, kRoom, greyLaptop);
    }

    crypto::DeviceIdentity patient(test::FakeSession& session, const QString& id)
    {
        auto device = server.addUser(id, QStringLiteral("Patient ") + id, Role::Patient);
        server.signIn(session, id, device);
        return device;
    }

    QByteArray deskKey() const { return greyDesk.publicIdentity().signingKey; }
    QByteArray laptopKey() const { return greyLaptop.publicIdentity().signingKey; }

    void checkIn(test::FakeSession& session, QCborArray reasons = {})
    {
        server.request(session, protocol::type::kRoomCheckIn, checkInBody(kRoom, std::move(reasons)));
        REQUIRE(isReply(session.last(), protocol::type::kRoomCheckIn));
    }
};

} // namespace

TEST_CASE("Only patients check in, and only to a clinician's room", "[server][rooms]")
{
    Clinic clinic;
    test::FakeSession patient;
    clinic.patient(patient, QStringLiteral("pat.a"));

    SECTION("a clinician cannot check in")
    {
        clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomCheckIn, checkInBody(kRoom));
        CHECK(errorOf(clinic.greyDeskSession.last()) == WireError::Forbidden);
    }
    SECTION("a room that is nobody, or a patient, is not a waiting room")
    {
        clinic.server.request(
            patient, protocol::type::kRoomCheckIn, checkInBody(QStringLiteral("dr.nobody")));
        CHECK(errorOf(patient.last()) == WireError::NotFound);
        clinic.server.request(patient, protocol::type::kRoomCheckIn, checkInBody(QStringLiteral("pat.a")));
        CHECK(errorOf(patient.last()) == WireError::NotFound);
    }
    SECTION("a request without reasons is malformed")
    {
        QCborMap body;
        body.insert(QLatin1String("room"), kRoom);
        clinic.server.request(patient, protocol::type::kRoomCheckIn, body);
        CHECK(errorOf(patient.last()) == WireError::Malformed);
    }
    SECTION("a check-in answers place and count")
    {
        clinic.server.request(patient, protocol::type::kRoomCheckIn, checkInBody(kRoom));
        REQUIRE(isReply(patient.last(), protocol::type::kRoomCheckIn));
        CHECK(intOf(patient.last(), "place") == 1);
        CHECK(intOf(patient.last(), "waiting") == 1);
    }
}

TEST_CASE("Reasons go only to the clinician's current devices, within their limits", "[server][rooms]")
{
    Clinic clinic;
    test::FakeSession patient;
    clinic.patient(patient, QStringLiteral("pat.a"));
    const QByteArray sealed = test::randomBytes(80);

    SECTION("a device of someone else")
    {
        const auto other
            = clinic.server.addUser(QStringLiteral("dr.white"), QStringLiteral("Dr White"), Role::Clinician);
        clinic.server.request(patient, protocol::type::kRoomCheckIn,
            checkInBody(kRoom, QCborArray { reason(other.publicIdentity().signingKey, sealed) }));
        CHECK(errorOf(patient.last()) == WireError::Invalid);
    }
    SECTION("a revoked device of the clinician")
    {
        REQUIRE(server::DeviceRepository(clinic.server.db()).revoke(kRoom, clinic.laptopKey(), 5).ok());
        clinic.server.request(patient, protocol::type::kRoomCheckIn,
            checkInBody(
                kRoom, QCborArray { reason(clinic.deskKey(), sealed), reason(clinic.laptopKey(), sealed) }));
        CHECK(errorOf(patient.last()) == WireError::Invalid);
    }
    SECTION("two reasons for one device")
    {
        clinic.server.request(patient, protocol::type::kRoomCheckIn,
            checkInBody(
                kRoom, QCborArray { reason(clinic.deskKey(), sealed), reason(clinic.deskKey(), sealed) }));
        CHECK(errorOf(patient.last()) == WireError::Invalid);
    }
    SECTION("a sealed reason over its limit")
    {
        clinic.server.request(patient, protocol::type::kRoomCheckIn,
            checkInBody(kRoom,
                QCborArray {
                    reason(clinic.deskKey(), test::randomBytes(protocol::kMaxSealedReasonBytes + 1)) }));
        CHECK(errorOf(patient.last()) == WireError::TooLarge);
    }
    SECTION("more recipients than allowed")
    {
        QCborArray many;
        for (qsizetype i = 0; i <= protocol::kMaxReasonRecipients; ++i) {
            many.append(reason(test::randomBytes(32), sealed));
        }
        clinic.server.request(patient, protocol::type::kRoomCheckIn, checkInBody(kRoom, many));
        CHECK(errorOf(patient.last()) == WireError::TooLarge);
    }
    SECTION("a device key of the wrong size")
    {
        clinic.server.request(patient, protocol::type::kRoomCheckIn,
            checkInBody(kRoom, QCborArray { reason(test::randomBytes(31), sealed) }));
        CHECK(errorOf(patient.last()) == WireError::Malformed);
    }
    SECTION("the largest allowed reason is accepted")
    {
        clinic.checkIn(patient,
            QCborArray { reason(clinic.deskKey(), test::randomBytes(protocol::kMaxSealedReasonBytes)) });
    }
}

TEST_CASE("Each clinician device sees only the reason sealed to it; staff see none", "[server][rooms]")
{
    Clinic clinic;
    test::FakeSession patient;
    clinic.patient(patient, QStringLiteral("pat.a"));
    const QByteArray forDesk = test::randomBytes(64);
    const QByteArray forLaptop = test::randomBytes(64);
    clinic.checkIn(
        patient, QCborArray { reason(clinic.deskKey(), forDesk), reason(clinic.laptopKey(), forLaptop) });

    clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomQueue);
    REQUIRE(isReply(clinic.greyDeskSession.last(), protocol::type::kRoomQueue));
    const QCborArray deskEntries = entriesOf(clinic.greyDeskSession.last());
    REQUIRE(deskEntries.size() == 1);
    const QCborMap entry = deskEntries.at(0).toMap();
    CHECK(entry.value(QLatin1String("user")).toString() == QLatin1String("pat.a"));
    CHECK(entry.value(QLatin1String("name")).toString() == QLatin1String("Patient pat.a"));
    CHECK(entry.value(QLatin1String("state")).toString() == QLatin1String("waiting"));
    CHECK(entry.value(QLatin1String("sinceMs")).toInteger() == clinic.server.clock().now());
    const QCborArray deskReasons = entry.value(QLatin1String("reasons")).toArray();
    REQUIRE(deskReasons.size() == 1);
    CHECK(deskReasons.at(0).toMap().value(QLatin1String("sealed")).toByteArray() == forDesk);

    clinic.server.request(clinic.greyLaptopSession, protocol::type::kRoomQueue);
    const QCborArray laptopReasons
        = entriesOf(clinic.greyLaptopSession.last()).at(0).toMap().value(QLatin1String("reasons")).toArray();
    REQUIRE(laptopReasons.size() == 1);
    CHECK(laptopReasons.at(0).toMap().value(QLatin1String("sealed")).toByteArray() == forLaptop);

    test::FakeSession staff;
    clinic.server.signIn(staff, QStringLiteral("st.one"),
        clinic.server.addUser(QStringLiteral("st.one"), QStringLiteral("Sam Staff"), Role::Staff));
    QCborMap named;
    named.insert(QLatin1String("room"), kRoom);
    clinic.server.request(staff, protocol::type::kRoomQueue, named);
    REQUIRE(isReply(staff.last(), protocol::type::kRoomQueue));
    const QCborArray staffEntries = entriesOf(staff.last());
    REQUIRE(staffEntries.size() == 1);
    CHECK(staffEntries.at(0).toMap().value(QLatin1String("reasons")).toArray().isEmpty());

    SECTION("checking in again replaces the reasons")
    {
        const QByteArray newer = test::randomBytes(64);
        clinic.checkIn(patient, QCborArray { reason(clinic.deskKey(), newer) });
        clinic.server.request(clinic.greyLaptopSession, protocol::type::kRoomQueue);
        CHECK(entriesOf(clinic.greyLaptopSession.last())
                  .at(0)
                  .toMap()
                  .value(QLatin1String("reasons"))
                  .toArray()
                  .isEmpty());
        clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomQueue);
        const QCborArray reasons = entriesOf(clinic.greyDeskSession.last())
                                       .at(0)
                                       .toMap()
                                       .value(QLatin1String("reasons"))
                                       .toArray();
        REQUIRE(reasons.size() == 1);
        CHECK(reasons.at(0).toMap().value(QLatin1String("sealed")).toByteArray() == newer);
    }
    SECTION("reasons never reach the store")
    {
        const QString everything = test::dump(clinic.server.db(), "SELECT * FROM audit_log")
            + test::dump(clinic.server.db(), "SELECT * FROM visits")
            + test::dump(clinic.server.db(), "SELECT * FROM mailbox");
        CHECK_FALSE(everything.contains(QString::fromLatin1(forDesk.toHex())));
        CHECK_FALSE(everything.contains(QString::fromLatin1(forLaptop.toHex())));
    }
}

TEST_CASE("Who may see which queue", "[server][rooms]")
{
    Clinic clinic;
    test::FakeSession white;
    clinic.server.signIn(white, QStringLiteral("dr.white"),
        clinic.server.addUser(QStringLiteral("dr.white"), QStringLiteral("Dr White"), Role::Clinician));
    QCborMap grey;
    grey.insert(QLatin1String("room"), kRoom);

    SECTION("a clinician naming another clinician's room is refused")
    {
        clinic.server.request(white, protocol::type::kRoomQueue, grey);
        CHECK(errorOf(white.last()) == WireError::Forbidden);
    }
    SECTION("a clinician naming their own room is answered")
    {
        clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomQueue, grey);
        REQUIRE(isReply(clinic.greyDeskSession.last(), protocol::type::kRoomQueue));
        CHECK(textOf(clinic.greyDeskSession.last(), "room") == kRoom);
    }
    SECTION("a patient is refused by the router")
    {
        test::FakeSession patient;
        clinic.patient(patient, QStringLiteral("pat.a"));
        clinic.server.request(patient, protocol::type::kRoomQueue, grey);
        CHECK(errorOf(patient.last()) == WireError::Forbidden);
    }
    SECTION("staff must name a room, and it must be a clinician's")
    {
        test::FakeSession admin;
        clinic.server.signIn(admin, QStringLiteral("ad.one"),
            clinic.server.addUser(QStringLiteral("ad.one"), QStringLiteral("Ada Admin"), Role::Admin));
        clinic.server.request(admin, protocol::type::kRoomQueue);
        CHECK(errorOf(admin.last()) == WireError::Malformed);
        QCborMap notARoom;
        notARoom.insert(QLatin1String("room"), QStringLiteral("ad.one"));
        clinic.server.request(admin, protocol::type::kRoomQueue, notARoom);
        CHECK(errorOf(admin.last()) == WireError::NotFound);
        clinic.server.request(admin, protocol::type::kRoomQueue, grey);
        CHECK(isReply(admin.last(), protocol::type::kRoomQueue));

        // Having asked, the admin now hears of changes to that room.
        test::FakeSession patient;
        clinic.patient(patient, QStringLiteral("pat.a"));
        clinic.checkIn(patient);
        REQUIRE(admin.ofType(QLatin1String(protocol::type::kRoomChanged)).size() == 1);
        CHECK(white.ofType(QLatin1String(protocol::type::kRoomChanged)).empty());
    }
}

TEST_CASE("Places follow patients as they come and go", "[server][rooms]")
{
    Clinic clinic;
    test::FakeSession a, b, c;
    clinic.patient(a, QStringLiteral("pat.a"));
    clinic.patient(b, QStringLiteral("pat.b"));
    clinic.patient(c, QStringLiteral("pat.c"));
    clinic.checkIn(a);
    clinic.checkIn(b);
    CHECK(intOf(b.last(), "place") == 2);
    clinic.checkIn(c);
    CHECK(intOf(c.last(), "place") == 3);
    CHECK(intOf(c.last(), "waiting") == 3);

    // Both clinician devices heard of each arrival.
    const auto changes = clinic.greyLaptopSession.ofType(QLatin1String(protocol::type::kRoomChanged));
    REQUIRE(changes.size() == 3);
    CHECK(intOf(changes.back(), "waiting") == 3);
    CHECK(clinic.greyDeskSession.ofType(QLatin1String(protocol::type::kRoomChanged)).size() == 3);

    a.clearSent();
    b.clearSent();
    c.clearSent();
    clinic.server.request(b, protocol::type::kRoomLeave);
    CHECK(isReply(b.last(), protocol::type::kRoomLeave));
    CHECK(a.ofType(QLatin1String(protocol::type::kRoomPlace)).empty()); // ahead of b: unchanged
    const auto cPlaces = c.ofType(QLatin1String(protocol::type::kRoomPlace));
    REQUIRE(cPlaces.size() == 1);
    CHECK(intOf(cPlaces[0], "place") == 2);
    CHECK(intOf(cPlaces[0], "waiting") == 2);
    CHECK(textOf(cPlaces[0], "room") == kRoom);

    // Checking in again keeps the place; a newcomer goes to the back.
    clinic.checkIn(c);
    CHECK(intOf(c.last(), "place") == 2);
    clinic.checkIn(b);
    CHECK(intOf(b.last(), "place") == 3);

    clinic.server.request(a, protocol::type::kRoomLeave);
    CHECK(intOf(c.ofType(QLatin1String(protocol::type::kRoomPlace)).back(), "place") == 1);
    CHECK(intOf(b.ofType(QLatin1String(protocol::type::kRoomPlace)).back(), "place") == 2);

    clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomQueue);
    const QCborArray entries = entriesOf(clinic.greyDeskSession.last());
    REQUIRE(entries.size() == 2);
    CHECK(entries.at(0).toMap().value(QLatin1String("user")).toString() == QLatin1String("pat.c"));
    CHECK(entries.at(1).toMap().value(QLatin1String("user")).toString() == QLatin1String("pat.b"));

    SECTION("leaving when not waiting is harmless")
    {
        clinic.server.request(a, protocol::type::kRoomLeave);
        CHECK(isReply(a.last(), protocol::type::kRoomLeave));
    }
    SECTION("checking in to another room leaves the first")
    {
        test::FakeSession white;
        clinic.server.signIn(white, QStringLiteral("dr.white"),
            clinic.server.addUser(QStringLiteral("dr.white"), QStringLiteral("Dr White"), Role::Clinician));
        clinic.server.request(c, protocol::type::kRoomCheckIn, checkInBody(QStringLiteral("dr.white")));
        CHECK(intOf(c.last(), "place") == 1);
        CHECK(intOf(b.ofType(QLatin1String(protocol::type::kRoomPlace)).back(), "place") == 1);
        REQUIRE(white.ofType(QLatin1String(protocol::type::kRoomChanged)).size() == 1);
    }
}

TEST_CASE(
    "Admitting a patient opens a visit, tells every device of theirs, and is audited", "[server][rooms]")
{
    Clinic clinic;
    test::FakeSession a, aPhone, b;
    clinic.patient(a, QStringLiteral("pat.a"));
    clinic.server.signIn(
        aPhone, QStringLiteral("pat.a"), test::addDevice(clinic.server, QStringLiteral("pat.a")));
    clinic.patient(b, QStringLiteral("pat.b"));
    clinic.checkIn(a);
    clinic.checkIn(b);

    SECTION("by the room's clinician")
    {
        clinic.server.request(
            clinic.greyDeskSession, protocol::type::kRoomAdmit, userBody(QStringLiteral("pat.a")));
        REQUIRE(isReply(clinic.greyDeskSession.last(), protocol::type::kRoomAdmit));
        const QString visit = textOf(clinic.greyDeskSession.last(), "visit");
        CHECK(clinic.server.context().visits.joins(visit, QStringLiteral("pat.a"), kRoom));

        for (test::FakeSession* session : { &a, &aPhone }) {
            const auto admitted = session->ofType(QLatin1String(protocol::type::kRoomAdmitted));
            REQUIRE(admitted.size() == 1);
            CHECK(textOf(admitted[0], "room") == kRoom);
            CHECK(textOf(admitted[0], "visit") == visit);
            CHECK(textOf(admitted[0], "clinician") == kRoom);
            CHECK(textOf(admitted[0], "clinicianName") == QLatin1String("Dr Grey"));
        }
        CHECK(b.ofType(QLatin1String(protocol::type::kRoomAdmitted)).empty());
        CHECK(intOf(b.ofType(QLatin1String(protocol::type::kRoomPlace)).back(), "place") == 1);

        clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomQueue);
        CHECK(entriesOf(clinic.greyDeskSession.last()).size() == 1);

        auto entries = clinic.server.audit().entries();
        REQUIRE(entries.ok());
        const auto& last = entries->back();
        CHECK(last.event == server::serverAuditEventName(server::ServerAuditEvent::PatientAdmitted));
        CHECK(last.detail == QStringLiteral("room=dr.grey patient=pat.a visit=%1 by=dr.grey").arg(visit));

        // The same patient is no longer waiting.
        clinic.server.request(
            clinic.greyDeskSession, protocol::type::kRoomAdmit, userBody(QStringLiteral("pat.a")));
        CHECK(errorOf(clinic.greyDeskSession.last()) == WireError::NotFound);
    }
    SECTION("by staff, into the room's clinician's visit")
    {
        test::FakeSession staff;
        clinic.server.signIn(staff, QStringLiteral("st.one"),
            clinic.server.addUser(QStringLiteral("st.one"), QStringLiteral("Sam Staff"), Role::Staff));
        clinic.server.request(staff, protocol::type::kRoomAdmit, userBody(QStringLiteral("pat.b")));
        REQUIRE(isReply(staff.last(), protocol::type::kRoomAdmit));
        CHECK(clinic.server.context().visits.joins(
            textOf(staff.last(), "visit"), QStringLiteral("pat.b"), kRoom));
    }
    SECTION("never by another clinician, nor by an admin or a patient")
    {
        test::FakeSession white;
        clinic.server.signIn(white, QStringLiteral("dr.white"),
            clinic.server.addUser(QStringLiteral("dr.white"), QStringLiteral("Dr White"), Role::Clinician));
        clinic.server.request(white, protocol::type::kRoomAdmit, userBody(QStringLiteral("pat.a")));
        CHECK(errorOf(white.last()) == WireError::Forbidden);
        clinic.server.request(white, protocol::type::kRoomReturn, userBody(QStringLiteral("pat.a")));
        CHECK(errorOf(white.last()) == WireError::Forbidden);

        test::FakeSession admin;
        clinic.server.signIn(admin, QStringLiteral("ad.one"),
            clinic.server.addUser(QStringLiteral("ad.one"), QStringLiteral("Ada Admin"), Role::Admin));
        clinic.server.request(admin, protocol::type::kRoomAdmit, userBody(QStringLiteral("pat.a")));
        CHECK(errorOf(admin.last()) == WireError::Forbidden);
        clinic.server.request(b, protocol::type::kRoomAdmit, userBody(QStringLiteral("pat.a")));
        CHECK(errorOf(b.last()) == WireError::Forbidden);
        CHECK(a.ofType(QLatin1String(protocol::type::kRoomAdmitted)).empty());
    }
    SECTION("not a patient who is not waiting")
    {
        clinic.server.request(
            clinic.greyDeskSession, protocol::type::kRoomAdmit, userBody(QStringLiteral("pat.z")));
        CHECK(errorOf(clinic.greyDeskSession.last()) == WireError::NotFound);
    }
}

TEST_CASE("Sending a patient back tells them and is audited", "[server][rooms]")
{
    Clinic clinic;
    test::FakeSession a, b;
    clinic.patient(a, QStringLiteral("pat.a"));
    clinic.patient(b, QStringLiteral("pat.b"));
    clinic.checkIn(a);
    clinic.checkIn(b);

    clinic.server.request(
        clinic.greyLaptopSession, protocol::type::kRoomReturn, userBody(QStringLiteral("pat.a")));
    REQUIRE(isReply(clinic.greyLaptopSession.last(), protocol::type::kRoomReturn));
    const auto returned = a.ofType(QLatin1String(protocol::type::kRoomReturned));
    REQUIRE(returned.size() == 1);
    CHECK(textOf(returned[0], "room") == kRoom);
    CHECK(intOf(b.ofType(QLatin1String(protocol::type::kRoomPlace)).back(), "place") == 1);
    auto entries = clinic.server.audit().entries();
    REQUIRE(entries.ok());
    CHECK(entries->back().event == server::serverAuditEventName(server::ServerAuditEvent::PatientReturned));
    CHECK(entries->back().detail == QLatin1String("room=dr.grey patient=pat.a by=dr.grey"));

    clinic.server.request(
        clinic.greyLaptopSession, protocol::type::kRoomReturn, userBody(QStringLiteral("pat.a")));
    CHECK(errorOf(clinic.greyLaptopSession.last()) == WireError::NotFound);
}

TEST_CASE("A patient who loses their connection keeps their place for the grace period", "[server][rooms]")
{
    Clinic clinic;
    test::FakeSession a, b, c;
    const auto aDevice = clinic.patient(a, QStringLiteral("pat.a"));
    clinic.patient(b, QStringLiteral("pat.b"));
    clinic.patient(c, QStringLiteral("pat.c"));
    clinic.checkIn(a);
    clinic.checkIn(b);
    clinic.checkIn(c);

    const auto stateOf = [&](int index) {
        clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomQueue);
        return entriesOf(clinic.greyDeskSession.last())
            .at(index)
            .toMap()
            .value(QLatin1String("state"))
            .toString();
    };

    clinic.greyDeskSession.clearSent();
    clinic.server.hub().remove(a);
    CHECK(stateOf(0) == QLatin1String("disconnected"));
    CHECK(clinic.greyDeskSession.ofType(QLatin1String(protocol::type::kRoomChanged)).size() == 1);

    SECTION("admitting them meanwhile is refused as offline")
    {
        clinic.server.request(
            clinic.greyDeskSession, protocol::type::kRoomAdmit, userBody(QStringLiteral("pat.a")));
        CHECK(errorOf(clinic.greyDeskSession.last()) == WireError::Offline);
    }
    SECTION("signing in again within the grace period restores the same place")
    {
        clinic.server.clock().advance(server::WaitingRoomService::kDisconnectGraceMs - 1000);
        clinic.rooms.sweep();
        test::FakeSession again;
        clinic.server.signIn(again, QStringLiteral("pat.a"), aDevice);
        CHECK(stateOf(0) == QLatin1String("waiting"));
        const auto places = again.ofType(QLatin1String(protocol::type::kRoomPlace));
        REQUIRE(places.size() == 1);
        CHECK(intOf(places[0], "place") == 1);
        CHECK(intOf(places[0], "waiting") == 3);
    }
    SECTION("after the grace period the place is gone and the others move up")
    {
        clinic.server.clock().advance(server::WaitingRoomService::kDisconnectGraceMs);
        clinic.rooms.sweep();
        CHECK(intOf(b.ofType(QLatin1String(protocol::type::kRoomPlace)).back(), "place") == 1);
        CHECK(intOf(c.ofType(QLatin1String(protocol::type::kRoomPlace)).back(), "place") == 2);
        clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomQueue);
        CHECK(entriesOf(clinic.greyDeskSession.last()).size() == 2);

        test::FakeSession again;
        clinic.server.signIn(again, QStringLiteral("pat.a"), aDevice);
        CHECK(again.ofType(QLatin1String(protocol::type::kRoomPlace)).empty());
    }
    SECTION("the grace period is also checked when the next request comes")
    {
        clinic.server.clock().advance(server::WaitingRoomService::kDisconnectGraceMs);
        clinic.server.request(clinic.greyDeskSession, protocol::type::kRoomQueue);
        CHECK(entriesOf(clinic.greyDeskSession.last()).size() == 2);
    }
    SECTION("a patient with another device still connected is not marked disconnected")
    {
        test::FakeSession bPhone;
        clinic.server.signIn(
            bPhone, QStringLiteral("pat.b"), test::addDevice(clinic.server, QStringLiteral("pat.b")));
        clinic.server.hub().remove(b);
        CHECK(stateOf(1) == QLatin1String("waiting"));
        clinic.server.hub().remove(bPhone);
        CHECK(stateOf(1) == QLatin1String("disconnected"));
    }
}
