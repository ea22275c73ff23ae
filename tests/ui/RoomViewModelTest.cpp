// The waiting-room view models without a server: a patient's room follows room.place, room.admitted and
// room.returned pushes for their own room only, and a clinician's queue reads room.queue replies into rows
// with minutes on the app's clock, refusing a malformed entry.
#include "PatientRoom.h"
#include "WaitingRoomModel.h"

#include "crypto/DeviceIdentity.h"
#include "net/ServerAccount.h"

#include <catch2/catch.hpp>

#include <QCborArray>
#include <QCborMap>

#include <atomic>
#include <memory>

using ward::protocol::Message;
using ward::ui::PatientRoom;
using ward::ui::WaitingRoomModel;

namespace {

ward::net::ServerAccount account()
{
    ward::net::ServerAccount a;
    a.host = QStringLiteral("clinic.example.org");
    a.port = 7443;
    a.certificatePin = QByteArray(32, '\x11');
    a.organisationKey = QByteArray(32, '\x22');
    a.userId = QStringLiteral("maria.lopez");
    a.room = QStringLiteral("dr.ruiz");
    return a;
}

Message push(const char* type, const QCborMap& body)
{
    return Message::push(QString::fromLatin1(type), body);
}

QCborMap place(const char* room, int place, int waiting)
{
    QCborMap body;
    body.insert(QStringLiteral("room"), QString::fromLatin1(room));
    body.insert(QStringLiteral("place"), place);
    body.insert(QStringLiteral("waiting"), waiting);
    return body;
}

QCborMap entry(const char* user, const char* name, qint64 sinceMs, const char* state)
{
    QCborMap e;
    e.insert(QStringLiteral("user"), QString::fromLatin1(user));
    e.insert(QStringLiteral("name"), QString::fromLatin1(name));
    e.insert(QStringLiteral("sinceMs"), sinceMs);
    e.insert(QStringLiteral("state"), QString::fromLatin1(state));
    e.insert(QStringLiteral("reasons"), QCborArray());
    return e;
}

} // namespace

TEST_CASE("a patient's room follows its own room's pushes and ignores another room's")
{
    const auto identity = ward::crypto::DeviceIdentity::generate();
    ward::net::ClientSession session(account(), identity);
    PatientRoom room(session, QStringLiteral("dr.ruiz"));
    REQUIRE(room.stage() == PatientRoom::Stage::Idle);
    CHECK_FALSE(room.needsClinician());

    room.handlePush(push("room.place", place("dr.other", 1, 1)));
    CHECK(room.stage() == PatientRoom::Stage::Idle);

    // The server kept the place across a restart and says so on sign-in.
    room.handlePush(push("room.place", place("dr.ruiz", 3, 4)));
    REQUIRE(room.stage() == PatientRoom::Stage::Waiting);
    CHECK(room.place() == 3);
    CHECK(room.waiting() == 4);

    room.handlePush(push("room.place", place("dr.ruiz", 1, 2)));
    CHECK(room.place() == 1);
    room.handlePush(push("room.place", place("dr.ruiz", 0, 2))); // out of range: ignored
    CHECK(room.place() == 1);

    QCborMap admitted;
    admitted.insert(QStringLiteral("room"), QStringLiteral("dr.ruiz"));
    admitted.insert(QStringLiteral("visit"), QStringLiteral("v1"));
    admitted.insert(QStringLiteral("clinician"), QStringLiteral("dr.ruiz"));
    admitted.insert(QStringLiteral("clinicianName"), QStringLiteral("Dr. Ana Ruiz"));
    room.handlePush(push("room.admitted", admitted));
    REQUIRE(room.stage() == PatientRoom::Stage::Admitted);
    CHECK(room.clinicianName() == QStringLiteral("Dr. Ana Ruiz"));
    room.dismiss();
    CHECK(room.stage() == PatientRoom::Stage::Idle);

    room.handlePush(push("room.place", place("dr.ruiz", 2, 2)));
    REQUIRE(room.stage() == PatientRoom::Stage::Waiting);
    QCborMap returned;
    returned.insert(QStringLiteral("room"), QStringLiteral("dr.ruiz"));
    room.handlePush(push("room.returned", returned));
    CHECK(room.stage() == PatientRoom::Stage::Idle);
    CHECK(room.message().contains(QStringLiteral("sent you back")));
}

TEST_CASE("checking in while offline or without a usable clinician id says what to do and sends nothing")
{
    const auto identity = ward::crypto::DeviceIdentity::generate();
    auto a = account();
    a.room.clear();
    ward::net::ClientSession session(a, identity);
    PatientRoom room(session, a.room);
    REQUIRE(room.needsClinician());
    room.checkIn(QStringLiteral("Dr Ruiz!"), {});
    CHECK(room.stage() == PatientRoom::Stage::Idle);
    CHECK(room.message().contains(QStringLiteral("user id")));
    room.checkIn(QStringLiteral("dr.ruiz"), QStringLiteral("Cough"));
    CHECK(room.stage() == PatientRoom::Stage::Idle);
    CHECK(room.message().contains(QStringLiteral("not connected")));
}

TEST_CASE("a clinician's queue reads entries with minutes waiting and refuses a malformed one")
{
    const auto identity = ward::crypto::DeviceIdentity::generate();
    ward::net::ClientSession session(account(), identity);
    auto now = std::make_shared<std::atomic<std::int64_t>>(1'800'000'000'000);
    WaitingRoomModel queue(session, identity, [now] { return now->load(); });

    QCborArray entries;
    entries.append(entry("maria.lopez", "Maria Lopez", 1'800'000'000'000 - 14LL * 60'000, "waiting"));
    entries.append(entry("john.doe", "John Doe", 1'800'000'000'000 - 20'000, "disconnected"));
    QCborMap body;
    body.insert(QStringLiteral("room"), QStringLiteral("dr.ruiz"));
    body.insert(QStringLiteral("entries"), entries);
    REQUIRE(queue.load(body).ok());
    REQUIRE(queue.count() == 2);
    CHECK(queue.index(0).data(WaitingRoomModel::NameRole).toString() == QStringLiteral("Maria Lopez"));
    CHECK(queue.index(0).data(WaitingRoomModel::MinutesRole).toInt() == 14);
    CHECK_FALSE(queue.index(0).data(WaitingRoomModel::DisconnectedRole).toBool());
    CHECK(queue.index(1).data(WaitingRoomModel::MinutesRole).toInt() == 0);
    CHECK(queue.index(1).data(WaitingRoomModel::DisconnectedRole).toBool());
    CHECK(queue.index(1).data(WaitingRoomModel::ReasonRole).toString().isEmpty());

    now->fetch_add(60'000); // the minutes tick with the clock
    CHECK(queue.index(0).data(WaitingRoomModel::MinutesRole).toInt() == 15);

    QCborArray bad;
    bad.append(entry("Not An Id", "Someone", 0, "waiting"));
    QCborMap badBody;
    badBody.insert(QStringLiteral("entries"), bad);
    CHECK_FALSE(queue.load(badBody).ok());
    CHECK(queue.count() == 2); // the last good list stays
}
