// TURN credentials from the real ward-server, handed to a real coturn that shares its secret: the server
// reads the secret from an owner-only file, mints "expiry:user" with the URIs it was given, and coturn
// allocates a relay with them. A server started without a secret says plainly that there is no relay.
#include "ClinicTestSupport.h"
#include "CoturnProcess.h"
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestSupport.h"

#include "protocol/MessageTypes.h"

#include <QCborArray>
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;

namespace {

constexpr char kSecret[] = "e2e-coturn-shared-secret";

QString type(const char* name)
{
    return QString::fromLatin1(name);
}

// coturn's test client in client-to-client mode: two allocations that relay a few messages to each other.
// Exit status 0 only when both allocations succeeded.
int allocate(
    const test::CoturnProcess& turn, const QString& username, const QString& password, QByteArray& out)
{
    QProcess client;
    client.setProcessChannelMode(QProcess::MergedChannels);
    client.start(QStringLiteral("turnutils_uclient"),
        { QStringLiteral("-y"), QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("-p"),
            QString::number(turn.port()), QStringLiteral("-u"), username, QStringLiteral("-w"), password,
            QLatin1String(test::CoturnProcess::kHost) });
    REQUIRE(client.waitForStarted(10'000));
    if (!client.waitForFinished(60'000)) {
        client.kill();
        client.waitForFinished(5'000);
    }
    out = client.readAll();
    return client.exitStatus() == QProcess::NormalExit ? client.exitCode() : -1;
}

} // namespace

TEST_CASE("coturn accepts the TURN credentials the running server mints", "[integration][e2e][turn]")
{
    test::CoturnProcess turn { QByteArray(kSecret) };
    QTemporaryDir secrets;
    REQUIRE(secrets.isValid());
    const QString secretFile = secrets.filePath(QStringLiteral("turn.secret"));
    {
        QFile file(secretFile);
        REQUIRE(file.open(QIODevice::WriteOnly));
        REQUIRE(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        REQUIRE(file.write(kSecret) == static_cast<qint64>(sizeof(kSecret) - 1));
    }
    test::ServerProcess server(
        { QStringLiteral("--turn-uri"), turn.uri(), QStringLiteral("--turn-secret-file"), secretFile });
    server.start();
    const auto device = test::enrolDevice(test::createInvitation(
        server, QStringLiteral("patient"), QStringLiteral("p.okoye"), QStringLiteral("Chidi Okoye")));
    auto client = test::signedInClient(server, *device);

    const std::int64_t before = QDateTime::currentSecsSinceEpoch();
    const QCborMap body = test::okBody(client->request(type(protocol::type::kTurnCredentials)));
    const QString username = body.value(QLatin1String("username")).toString();
    const QString password = body.value(QLatin1String("password")).toString();
    const QStringList parts = username.split(u':');
    REQUIRE(parts.size() == 2);
    CHECK(parts[1] == QStringLiteral("p.okoye"));
    const std::int64_t expiry = parts[0].toLongLong();
    CHECK(expiry > before);
    CHECK(body.value(QLatin1String("expiresMs")).toInteger() == expiry * 1000);
    const QCborArray uris = body.value(QLatin1String("uris")).toArray();
    REQUIRE(uris.size() == 1);
    CHECK(uris.at(0).toString() == turn.uri());
    CHECK(turn.uri() == QStringLiteral("turn:127.0.0.1:%1?transport=udp").arg(turn.port()));

    QByteArray out;
    const int status = allocate(turn, username, password, out);
    INFO(out.toStdString());
    CHECK(status == 0);
    CHECK(out.contains("tot_recv_msgs"));
    CHECK_FALSE(out.contains("Cannot complete Allocation"));
}

TEST_CASE("a server without a TURN secret refuses credentials with a sentence", "[integration][e2e][turn]")
{
    test::ServerProcess server;
    server.start();
    const auto device = test::enrolDevice(test::createInvitation(
        server, QStringLiteral("patient"), QStringLiteral("p.okoye"), QStringLiteral("Chidi Okoye")));
    auto client = test::signedInClient(server, *device);
    const auto reply = client->request(type(protocol::type::kTurnCredentials));
    CHECK(test::wireErrorOf(reply) == protocol::WireError::NotFound);
    const QString message = reply->toError().message;
    CHECK(message.contains(QStringLiteral("TURN is not configured")));
    CHECK(message.endsWith(u'.'));
}
