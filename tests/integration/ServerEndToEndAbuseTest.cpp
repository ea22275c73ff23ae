// Bad input against the real ward-server process, with the server serving others after each: a reused
// invitation, an expired one (its expiry moved into the past in the store while the server was stopped), a
// replayed sign-in challenge, TOTP guessing until the throttle answers, and a patient asking for admin
// requests. After every one of them a fresh client still signs in.
#include "ClinicTestSupport.h"
#include "DataFolder.h"
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestSupport.h"
#include "TlsTestServer.h"

#include "protocol/MessageTypes.h"

#include <QDateTime>
#include <QDeadlineTimer>

#include <catch2/catch.hpp>

using namespace ward;
using protocol::WireError;

namespace {

QString type(const char* name)
{
    return QString::fromLatin1(name);
}

// A new connection signs `device` in. Failures from this address may have earned it a short wait (the
// throttle counts per address as well as per account): that wait is honoured, nothing else is accepted.
void requireFreshSignIn(const test::ServerProcess& server, const test::Device& device)
{
    QDeadlineTimer deadline(60'000);
    for (;;) {
        test::TestClient client(server.pin());
        REQUIRE(client.connectTo(server.port()));
        const auto reply = test::signIn(client, device);
        REQUIRE(reply.has_value());
        if (reply->isError() && reply->toError().wire == WireError::Throttled && !deadline.hasExpired()) {
            const std::int64_t wait = reply->toError().retryAfterMs;
            REQUIRE(wait > 0);
            test::waitFor([] { return false; }, static_cast<int>(wait) + 100);
            continue;
        }
        CHECK(test::okBody(reply).value(QLatin1String("user")).toString() == device.account.userId);
        test::okBody(client.request(type(protocol::type::kWhoAmI)));
        return;
    }
}

} // namespace

TEST_CASE("the real server refuses bad input and keeps signing others in", "[integration][e2e]")
{
    test::ServerProcess server;
    server.start();
    test::Authenticator authenticator;
    const auto clinicianDevice
        = test::enrolDevice(test::createInvitation(server, QStringLiteral("clinician"),
                                QStringLiteral("dr.lindgren"), QStringLiteral("Dr. Astrid Lindgren")),
            &authenticator);
    const auto patientDevice = test::enrolDevice(test::createInvitation(server, QStringLiteral("patient"),
        QStringLiteral("p.alvarez"), QStringLiteral("Rosa Alvarez"), QStringLiteral("dr.lindgren")));
    const auto bystander = test::enrolDevice(test::createInvitation(
        server, QStringLiteral("patient"), QStringLiteral("p.bystander"), QStringLiteral("Ben Bystander")));

    // A patient asking for what only an admin may do.
    {
        auto patient = test::signedInClient(server, *patientDevice);
        QCborMap invite;
        invite.insert(QLatin1String("role"), QStringLiteral("admin"));
        invite.insert(QLatin1String("user"), QStringLiteral("p.alvarez2"));
        invite.insert(QLatin1String("name"), QStringLiteral("Rosa Again"));
        CHECK(test::wireErrorOf(patient->request(type(protocol::type::kInviteCreate), invite))
            == WireError::Forbidden);
        QCborMap revoke;
        revoke.insert(QLatin1String("user"), QStringLiteral("dr.lindgren"));
        revoke.insert(QLatin1String("signingKey"), clinicianDevice->signingKey());
        CHECK(test::wireErrorOf(patient->request(type(protocol::type::kDeviceRevoke), revoke))
            == WireError::Forbidden);
        QCborMap unlock;
        unlock.insert(QLatin1String("user"), QStringLiteral("dr.lindgren"));
        CHECK(test::wireErrorOf(patient->request(type(protocol::type::kAccountUnlock), unlock))
            == WireError::Forbidden);
        // Refused requests do not end the patient's own session.
        test::okBody(patient->request(type(protocol::type::kWhoAmI)));
    }
    requireFreshSignIn(server, *bystander);
    // The clinician's device was not revoked by the refused request.
    auto clinician = test::signedInClient(server, *clinicianDevice, authenticator.nextCode());
    clinician->close();

    // An invitation works once.
    {
        const QString link = test::createInvitation(
            server, QStringLiteral("patient"), QStringLiteral("p.once"), QStringLiteral("Otto Once"));
        test::okBody(test::enrolOverTestClient(server, link));
        CHECK(test::wireErrorOf(test::enrolOverTestClient(server, link)) == WireError::Used);
    }
    requireFreshSignIn(server, *bystander);

    // A challenge signs in once, and only on the connection it was issued to.
    {
        test::TestClient first(server.pin());
        REQUIRE(first.connectTo(server.port()));
        const QByteArray nonce = test::challenge(first);
        const QCborMap body = test::signInBody(*patientDevice, nonce);
        test::TestClient elsewhere(server.pin());
        REQUIRE(elsewhere.connectTo(server.port()));
        CHECK(test::wireErrorOf(elsewhere.request(type(protocol::type::kSignIn), body)) == WireError::Used);
        test::okBody(first.request(type(protocol::type::kSignIn), body));
        CHECK(test::wireErrorOf(first.request(type(protocol::type::kSignIn), body)) == WireError::Used);
    }
    requireFreshSignIn(server, *bystander);

    // Guessing TOTP codes ends in Throttled with a time to wait.
    {
        test::TestClient guesser(server.pin());
        REQUIRE(guesser.connectTo(server.port()));
        std::optional<protocol::Message> reply;
        int guesses = 0;
        for (; guesses < 20; ++guesses) {
            reply = test::signIn(guesser, *clinicianDevice, authenticator.wrongCode());
            REQUIRE(reply.has_value());
            REQUIRE(reply->isError());
            if (reply->toError().wire != WireError::WrongCode) {
                break;
            }
        }
        INFO(guesses);
        CHECK(test::wireErrorOf(reply) == WireError::Throttled);
        CHECK(reply->toError().retryAfterMs > 0);
        CHECK(guesses <= 10);
    }
    requireFreshSignIn(server, *bystander);

    // An expired invitation: its expiry moved into the past in the store while the server is stopped.
    const QString late = test::createInvitation(
        server, QStringLiteral("patient"), QStringLiteral("p.late"), QStringLiteral("Lena Late"), {}, 1);
    REQUIRE(server.stop() == 0);
    {
        auto data = server::DataFolder(server.dataDir()).open();
        INFO((data ? QString() : data.error().message).toStdString());
        REQUIRE(data.ok());
        auto update = data.value()->db().prepare("UPDATE invitations SET expires_at = ? WHERE user_id = ?");
        REQUIRE(update.ok());
        update->bind(1, static_cast<std::int64_t>(QDateTime::currentMSecsSinceEpoch() - 60'000))
            .bind(2, QStringLiteral("p.late"));
        REQUIRE(update->run().ok());
        CHECK(test::queryInt(data.value()->db(), "SELECT changes()") == 1);
    }
    server.restart();
    CHECK(test::wireErrorOf(test::enrolOverTestClient(server, late)) == WireError::Expired);
    requireFreshSignIn(server, *bystander);
    requireFreshSignIn(server, *patientDevice);
}
