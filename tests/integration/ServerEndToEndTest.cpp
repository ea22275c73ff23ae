// The real ward-server with real clients across its life: mail to an offline patient kept through a clean
// restart and delivered to each device (a copy with its own id) until that device acknowledges it, signalling
// between the two devices of an admitted visit (and nobody else), and a clinician's ClientSession resuming
// after a restart without another TOTP code while a fresh one has to ask for it.
#include "ClinicTestSupport.h"
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestSupport.h"
#include "TlsTestServer.h"

#include "net/ClientSession.h"
#include "protocol/MessageTypes.h"

#include <QCborMap>
#include <QDeadlineTimer>

#include <catch2/catch.hpp>

using namespace ward;
using protocol::WireError;

namespace {

QString type(const char* name)
{
    return QString::fromLatin1(name);
}

QCborMap signalBody(const QString& visit, const QString& to, const QByteArray& payload)
{
    QCborMap body;
    body.insert(QLatin1String("visit"), visit);
    body.insert(QLatin1String("to"), to);
    body.insert(QLatin1String("payload"), payload);
    return body;
}

// A signal sent by `from` arrives at `to` with the visit, the sender and the payload unchanged.
void requireSignalled(test::TestClient& from, const test::Device& fromDevice, test::TestClient& to,
    const test::Device& toDevice, const QString& visit)
{
    const QByteArray payload = test::randomBytes(300);
    const QCborMap sent = test::okBody(
        from.request(type(protocol::type::kSignalSend), signalBody(visit, toDevice.account.userId, payload)));
    CHECK(sent.value(QLatin1String("delivered")).toInteger() == 1);
    const auto signal = to.waitForPush(type(protocol::type::kSignal), 10'000);
    REQUIRE(signal.has_value());
    CHECK(signal->body.value(QLatin1String("visit")).toString() == visit);
    CHECK(signal->body.value(QLatin1String("from")).toString() == fromDevice.account.userId);
    CHECK(signal->body.value(QLatin1String("fromDevice")).toByteArray() == fromDevice.signingKey());
    CHECK(signal->body.value(QLatin1String("payload")).toByteArray() == payload);
}

} // namespace

TEST_CASE("mail to an offline patient survives a restart and reaches each device once until acknowledged",
    "[integration][e2e]")
{
    test::ServerProcess server;
    server.start();
    test::Authenticator authenticator;
    const auto clinician
        = test::enrolDevice(test::createInvitation(server, QStringLiteral("clinician"),
                                QStringLiteral("dr.vance"), QStringLiteral("Dr. Imogen Vance")),
            &authenticator);
    const auto laptop = test::enrolDevice(test::createInvitation(server, QStringLiteral("patient"),
        QStringLiteral("p.moreau"), QStringLiteral("Lucien Moreau"), QStringLiteral("dr.vance")));
    const auto tablet = test::enrolDevice(test::createInvitation(
        server, QStringLiteral("patient"), QStringLiteral("p.moreau"), QStringLiteral("Lucien Moreau")));

    const QByteArray envelope = test::randomBytes(700);
    qint64 id = 0;
    {
        auto sender = test::signedInClient(server, *clinician, authenticator.nextCode());
        QCborMap body;
        body.insert(QLatin1String("to"), QStringLiteral("p.moreau"));
        body.insert(QLatin1String("envelope"), envelope);
        body.insert(QLatin1String("ttlSeconds"), 3600);
        id = test::okBody(sender->request(type(protocol::type::kMailSend), body))
                 .value(QLatin1String("id"))
                 .toInteger();
        REQUIRE(id > 0);
    }
    REQUIRE(server.stop() == 0);
    server.restart();

    {
        auto inbox = test::signedInClient(server, *laptop);
        const auto deliver = inbox->waitForPush(type(protocol::type::kMailDeliver), 10'000);
        REQUIRE(deliver.has_value());
        CHECK(deliver->body.value(QLatin1String("id")).toInteger() == id);
        CHECK(deliver->body.value(QLatin1String("from")).toString() == QStringLiteral("dr.vance"));
        CHECK(deliver->body.value(QLatin1String("fromDevice")).toByteArray() == clinician->signingKey());
        CHECK(deliver->body.value(QLatin1String("envelope")).toByteArray() == envelope);
        QCborMap ack;
        ack.insert(QLatin1String("id"), id);
        test::okBody(inbox->request(type(protocol::type::kMailAck), ack));
    }
    REQUIRE(server.stop() == 0);
    server.restart();

    {
        // The acknowledged copy is not delivered to that device again.
        auto inbox = test::signedInClient(server, *laptop);
        // Stored mail goes out on sign-in, so it would be here before the whoami reply.
        test::okBody(inbox->request(type(protocol::type::kWhoAmI)));
        for (const protocol::Message& message : inbox->takeAll()) {
            CHECK(message.type != type(protocol::type::kMailDeliver));
        }
    }
    {
        // The patient's other device still gets its own copy, under an id of its own: acknowledging on
        // one device leaves the other's copy alone.
        auto inbox = test::signedInClient(server, *tablet);
        const auto deliver = inbox->waitForPush(type(protocol::type::kMailDeliver), 10'000);
        REQUIRE(deliver.has_value());
        const qint64 copyId = deliver->body.value(QLatin1String("id")).toInteger();
        CHECK(copyId != id);
        CHECK(deliver->body.value(QLatin1String("from")).toString() == QStringLiteral("dr.vance"));
        CHECK(deliver->body.value(QLatin1String("envelope")).toByteArray() == envelope);
        QCborMap ack;
        ack.insert(QLatin1String("id"), id);
        CHECK(test::wireErrorOf(inbox->request(type(protocol::type::kMailAck), ack)) == WireError::NotFound);
        ack.insert(QLatin1String("id"), copyId);
        test::okBody(inbox->request(type(protocol::type::kMailAck), ack));
    }
}

TEST_CASE("signalling flows both ways within an admitted visit and nowhere else", "[integration][e2e]")
{
    test::ServerProcess server;
    server.start();
    test::Authenticator authenticator;
    const auto clinicianDevice
        = test::enrolDevice(test::createInvitation(server, QStringLiteral("clinician"),
                                QStringLiteral("dr.haddad"), QStringLiteral("Dr. Samir Haddad")),
            &authenticator);
    const auto patientDevice = test::enrolDevice(test::createInvitation(server, QStringLiteral("patient"),
        QStringLiteral("p.ng"), QStringLiteral("Mei Ng"), QStringLiteral("dr.haddad")));
    const auto otherDevice = test::enrolDevice(test::createInvitation(server, QStringLiteral("patient"),
        QStringLiteral("p.other"), QStringLiteral("Olu Other"), QStringLiteral("dr.haddad")));

    auto clinician = test::signedInClient(server, *clinicianDevice, authenticator.nextCode());
    auto patient = test::signedInClient(server, *patientDevice);
    auto other = test::signedInClient(server, *otherDevice);
    test::checkIn(*patient, *patientDevice, QStringLiteral("dr.haddad"), "Follow-up on blood pressure");
    const QString visit = test::admit(*clinician, *patient, QStringLiteral("p.ng"));

    requireSignalled(*patient, *patientDevice, *clinician, *clinicianDevice, visit);
    requireSignalled(*clinician, *clinicianDevice, *patient, *patientDevice, visit);

    // Another patient knows the visit id: it still joins only the two people it was admitted for.
    const QByteArray payload = test::randomBytes(64);
    CHECK(test::wireErrorOf(other->request(
              type(protocol::type::kSignalSend), signalBody(visit, QStringLiteral("dr.haddad"), payload)))
        == WireError::Forbidden);
    CHECK(test::wireErrorOf(other->request(
              type(protocol::type::kSignalSend), signalBody(visit, QStringLiteral("p.ng"), payload)))
        == WireError::Forbidden);
    // Nothing of the refused signals reached the two devices of the visit.
    test::okBody(clinician->request(type(protocol::type::kWhoAmI)));
    test::okBody(patient->request(type(protocol::type::kWhoAmI)));
    for (auto* client : { clinician.get(), patient.get() }) {
        for (const protocol::Message& message : client->takeAll()) {
            CHECK(message.type != type(protocol::type::kSignal));
        }
    }

    // Once the patient's device is gone, the clinician hears Offline (the server may take a moment to see
    // the close, so ask until it has).
    patient->close();
    REQUIRE(patient->waitForDisconnected());
    std::optional<protocol::Message> reply;
    for (QDeadlineTimer deadline(15'000); !deadline.hasExpired(); test::waitFor([] { return false; }, 200)) {
        reply = clinician->request(
            type(protocol::type::kSignalSend), signalBody(visit, QStringLiteral("p.ng"), payload));
        REQUIRE(reply.has_value());
        if (reply->isError()) {
            break;
        }
    }
    CHECK(test::wireErrorOf(reply) == WireError::Offline);
}

TEST_CASE("a clinician's session resumes after a server restart without another code", "[integration][e2e]")
{
    test::ServerProcess server;
    server.start();
    test::Authenticator authenticator;
    const auto device
        = test::enrolDevice(test::createInvitation(server, QStringLiteral("clinician"),
                                QStringLiteral("dr.achebe"), QStringLiteral("Dr. Ngozi Achebe")),
            &authenticator);

    net::ClientSession session(device->account, device->identity);
    QList<net::ConnectionState> seen;
    QObject::connect(
        &session, &net::ClientSession::stateChanged, [&](net::ConnectionState state) { seen.append(state); });
    session.start();
    REQUIRE(test::waitFor([&] { return session.state() == net::ConnectionState::SignInNeeded; }, 30'000));
    const QByteArray code = authenticator.nextCode();
    session.signIn(test::secret(std::string_view(code.constData(), static_cast<std::size_t>(code.size()))));
    REQUIRE(test::waitFor([&] { return session.state() == net::ConnectionState::Online; }, 30'000));

    seen.clear();
    REQUIRE(server.stop() == 0);
    REQUIRE(test::waitFor([&] { return seen.contains(net::ConnectionState::Offline); }, 30'000));
    server.restart();
    INFO(session.statusMessage().toStdString());
    REQUIRE(test::waitFor([&] { return session.state() == net::ConnectionState::Online; }, 90'000));
    CHECK_FALSE(seen.contains(net::ConnectionState::SignInNeeded));
    std::optional<QString> user;
    session.request(protocol::type::kWhoAmI, {}, [&](Result<QCborMap, protocol::ProtocolError> reply) {
        user = reply ? reply->value(QLatin1String("user")).toString() : QString();
    });
    REQUIRE(test::waitFor([&] { return user.has_value(); }, 10'000));
    CHECK(*user == QStringLiteral("dr.achebe"));

    // A session without the resume token has nothing but the code to offer.
    net::ClientSession fresh(device->account, device->identity);
    fresh.start();
    REQUIRE(test::waitFor([&] { return fresh.state() == net::ConnectionState::SignInNeeded; }, 30'000));
    CHECK_FALSE(fresh.statusMessage().isEmpty());
    CHECK(session.state() == net::ConnectionState::Online);
}
