// ward-server's TURN credentials against a real coturn: a pair minted with the shared secret makes a TURN
// allocation succeed (coturn's own test client relays a few messages through it), while a wrong password
// and an expired username are refused.
#include "CoturnProcess.h"
#include "TestSupport.h"
#include "protocol/TurnCredentials.h"

#include <QDateTime>
#include <QProcess>
#include <catch2/catch.hpp>

using namespace ward;

namespace {

constexpr char kSecret[] = "coturn-integration-secret";

struct ClientRun {
    int exitCode = -1;
    QByteArray output;
};

// turnutils_uclient in client-to-client mode (-y): two allocations on the server that send `messages`
// messages to each other through their relays. Exit status 0 only when the allocations succeeded.
ClientRun allocate(const test::CoturnProcess& turn, const QString& username, const QString& password)
{
    QProcess client;
    client.setProcessChannelMode(QProcess::MergedChannels);
    client.start(QStringLiteral("turnutils_uclient"),
        { QStringLiteral("-y"), QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("-p"),
            QString::number(turn.port()), QStringLiteral("-u"), username, QStringLiteral("-w"), password,
            QLatin1String(test::CoturnProcess::kHost) });
    INFO("turnutils_uclient (the coturn package) must be installed");
    REQUIRE(client.waitForStarted(10'000));
    if (!client.waitForFinished(60'000)) {
        client.kill();
        client.waitForFinished(5'000);
    }
    return ClientRun { client.exitStatus() == QProcess::NormalExit ? client.exitCode() : -1,
        client.readAll() };
}

std::int64_t nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

TEST_CASE("coturn accepts the TURN credentials Ward mints, and refuses wrong or expired ones",
    "[integration][turn]")
{
    test::CoturnProcess turn { QByteArray(kSecret) };
    const auto minted
        = protocol::mintTurnCredentials(test::secret(kSecret), QStringLiteral("pat.a"), nowSeconds() + 600);

    SECTION("a fresh pair allocates and relays")
    {
        const ClientRun run = allocate(turn, minted.username, minted.password);
        INFO(run.output.toStdString());
        CHECK(run.exitCode == 0);
        CHECK(run.output.contains("tot_recv_msgs"));
        CHECK_FALSE(run.output.contains("Cannot complete Allocation"));
    }
    SECTION("a wrong password is refused")
    {
        const auto other = protocol::mintTurnCredentials(
            test::secret("some other secret"), QStringLiteral("pat.a"), nowSeconds() + 600);
        REQUIRE(other.username == minted.username);
        const ClientRun run = allocate(turn, minted.username, other.password);
        INFO(run.output.toStdString());
        CHECK(run.exitCode != 0);
        CHECK(run.output.contains("Cannot complete Allocation"));
    }
    SECTION("an expired username is refused, even with its right password")
    {
        const auto expired = protocol::mintTurnCredentials(
            test::secret(kSecret), QStringLiteral("pat.a"), nowSeconds() - 60);
        const ClientRun run = allocate(turn, expired.username, expired.password);
        INFO(run.output.toStdString());
        CHECK(run.exitCode != 0);
        CHECK(run.output.contains("Cannot complete Allocation"));
    }
}
