// The real ward-server process: what init prints, how the transport treats garbage, oversized frames,
// malformed messages, floods and a client with the wrong pin (others keep being served), and a clean stop
// and restart that keep the pin, the organisation key and the audit chain.
#include "DataFolder.h"
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestSupport.h"
#include "crypto/credential/OrganisationFingerprint.h"
#include "protocol/CertificatePin.h"
#include "protocol/ProtocolLimits.h"
#include "store/AuditLog.h"

#include <QCborArray>
#include <QCborValue>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTcpSocket>

#include <catch2/catch.hpp>

using namespace ward;
using protocol::WireError;

namespace {

WireError wireErrorOf(const std::optional<protocol::Message>& reply)
{
    REQUIRE(reply.has_value());
    REQUIRE(reply->isError());
    return reply->toError().wire;
}

// A request the server answers without sign-in on every branch: an unknown type.
void requireServed(test::TestClient& client)
{
    auto reply = client.request(QStringLiteral("no.such.request"));
    CHECK(wireErrorOf(reply) == WireError::UnknownType);
}

QByteArray cborFrame(const QCborMap& map)
{
    return map.toCborValue().toCbor();
}

QCborMap envelope(qint64 version, const QString& type, qint64 id)
{
    QCborMap map;
    map.insert(QLatin1String("v"), version);
    map.insert(QLatin1String("t"), type);
    map.insert(QLatin1String("id"), id);
    return map;
}

template <typename Done> bool waitUntil(Done done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    }
    return done();
}

} // namespace

TEST_CASE("init prints the pin and the organisation fingerprint of what it wrote", "[integration][server]")
{
    test::ServerProcess server;
    server.start();
    const QSslCertificate certificate(
        test::readFile(server::DataFolder(server.dataDir()).certificateFile()), QSsl::Pem);
    CHECK(server.pin() == QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256));
    auto data = server::DataFolder(server.dataDir()).open();
    REQUIRE(data.ok());
    CHECK(server.fingerprint()
        == crypto::credential::organisationFingerprint((*data)->identity().organisationKey));
    CHECK((*data)->identity().address == server.invitationAddress());
    CHECK(server.stop() == 0);
}

TEST_CASE("the transport refuses bad input and keeps serving others", "[integration][server]")
{
    test::ServerProcess server;
    server.start();
    test::TestClient good(server.pin());
    REQUIRE(good.connectTo(server.port()));
    requireServed(good);

    SECTION("garbage on the raw TCP port is dropped")
    {
        QTcpSocket raw;
        raw.connectToHost(QHostAddress::LocalHost, server.port());
        REQUIRE(raw.waitForConnected(5'000));
        raw.write("GET / HTTP/1.1\r\nHost: nonsense\r\n\r\n" + test::randomBytes(512));
        CHECK(waitUntil([&] { return raw.state() == QAbstractSocket::UnconnectedState; }, 15'000));
        requireServed(good);
    }
    SECTION("a client that connects and stays silent is cut after the handshake timeout")
    {
        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, server.port());
        REQUIRE(silent.waitForConnected(5'000));
        requireServed(good);
        CHECK(silent.state() == QAbstractSocket::ConnectedState);
        CHECK(waitUntil([&] { return silent.state() == QAbstractSocket::UnconnectedState; }, 20'000));
        requireServed(good);
    }
    SECTION("garbage after a good TLS handshake is dropped")
    {
        QSslSocket tls;
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        tls.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port());
        REQUIRE(tls.waitForEncrypted(10'000));
        tls.write(test::randomBytes(300) + "\r\n\r\n");
        CHECK(waitUntil([&] { return tls.state() == QAbstractSocket::UnconnectedState; }, 15'000));
        requireServed(good);
    }
    SECTION("an oversized frame closes that connection only, and is counted")
    {
        test::TestClient big(server.pin());
        REQUIRE(big.connectTo(server.port()));
        big.sendRaw(QByteArray(protocol::kMaxFrameBytes + 1024, 'x'));
        REQUIRE(big.waitForDisconnected(10'000));
        CHECK(big.closeCode() == QWebSocketProtocol::CloseCodeTooMuchData);
        requireServed(good);
        CHECK(server.stop() == 0);
        CHECK(server.log().contains(QStringLiteral("too_large=1")));
    }
    SECTION("malformed messages each get their error and the connection survives")
    {
        good.sendRaw(QByteArray("\xff\x00\x13garbage", 10));
        CHECK(wireErrorOf(good.waitForReply(0)) == WireError::Malformed);

        good.sendRaw(QCborValue(QCborArray { 1, 2, 3 }).toCbor());
        CHECK(wireErrorOf(good.waitForReply(0)) == WireError::Malformed);

        good.sendRaw(cborFrame(envelope(2, QStringLiteral("challenge"), 41)));
        auto wrongVersion = good.waitForReply(41);
        CHECK(wireErrorOf(wrongVersion) == WireError::UnsupportedVersion);

        good.sendText(QStringLiteral("{\"v\":1}"));
        CHECK(wireErrorOf(good.waitForReply(0)) == WireError::Malformed);

        good.sendRaw(cborFrame(envelope(1, QStringLiteral("no.such.type"), 42)));
        CHECK(wireErrorOf(good.waitForReply(42)) == WireError::UnknownType);

        good.sendRaw(cborFrame(envelope(1, QStringLiteral("challenge"), 0)));
        CHECK(wireErrorOf(good.waitForReply(0)) == WireError::Malformed);

        CHECK(good.connected());
        requireServed(good);
    }
    SECTION("malformed messages without end close the connection for policy violation")
    {
        test::TestClient noisy(server.pin());
        REQUIRE(noisy.connectTo(server.port()));
        for (int i = 0; i < 25; ++i) {
            noisy.sendRaw(QByteArray("not cbor at all \xff"));
        }
        REQUIRE(noisy.waitForDisconnected(10'000));
        CHECK(noisy.closeCode() == QWebSocketProtocol::CloseCodePolicyViolated);
        requireServed(good);
    }
    SECTION("a flood of requests is answered rate-limited")
    {
        test::TestClient flood(server.pin());
        REQUIRE(flood.connectTo(server.port()));
        std::uint64_t last = 0;
        for (int i = 0; i < 120; ++i) {
            last = flood.send(QStringLiteral("no.such.request"));
        }
        auto lastReply = flood.waitForReply(last);
        REQUIRE(lastReply.has_value());
        auto replies = flood.takeAll();
        replies.push_back(*lastReply);
        int limited = 0;
        int unknown = 0;
        for (const auto& message : replies) {
            const auto wire = message.toError().wire;
            limited += wire == WireError::RateLimited ? 1 : 0;
            unknown += wire == WireError::UnknownType ? 1 : 0;
        }
        CHECK(limited >= 30);
        CHECK(unknown >= 60);
        CHECK(unknown < 120);
        requireServed(good);
    }
}

TEST_CASE("a client with the wrong pin refuses the server", "[integration][server]")
{
    test::ServerProcess server;
    server.start();
    test::TestClient wrong(protocol::certificatePin(QByteArrayLiteral("some other certificate")));
    CHECK_FALSE(wrong.connectTo(server.port()));
    CHECK(wrong.certificateMismatch());
    test::TestClient right(server.pin());
    CHECK(right.connectTo(server.port()));
}

TEST_CASE(
    "SIGTERM stops cleanly and a restart keeps the identity and the audit chain", "[integration][server]")
{
    test::ServerProcess server;
    server.start();
    {
        test::TestClient client(server.pin());
        REQUIRE(client.connectTo(server.port()));
        requireServed(client);
        CHECK(server.stop() == 0);
        CHECK(client.waitForDisconnected(5'000));
        CHECK(client.closeCode() == QWebSocketProtocol::CloseCodeGoingAway);
    }
    server.restart();
    test::TestClient again(server.pin());
    REQUIRE(again.connectTo(server.port()));
    requireServed(again);
    CHECK(server.stop() == 0);

    auto data = server::DataFolder(server.dataDir()).open();
    REQUIRE(data.ok());
    CHECK((*data)->identity().certificatePin == server.pin());
    CHECK(crypto::credential::organisationFingerprint((*data)->identity().organisationKey)
        == server.fingerprint());
    auto verification = (*data)->audit().verify();
    REQUIRE(verification.ok());
    CHECK(verification->intact);
    auto entries = (*data)->audit().entries();
    REQUIRE(entries.ok());
    QStringList events;
    for (const auto& entry : entries.value()) {
        events.append(entry.event);
    }
    CHECK(events
        == QStringList { QStringLiteral("server.initialised"), QStringLiteral("server.started"),
            QStringLiteral("server.stopped"), QStringLiteral("server.started"),
            QStringLiteral("server.stopped") });
}

TEST_CASE(
    "connections from one address are capped, and a closed one frees its place", "[integration][server]")
{
    test::ServerProcess server({ QStringLiteral("--max-connections-per-address"), QStringLiteral("2") });
    server.start();
    test::TestClient first(server.pin());
    test::TestClient second(server.pin());
    REQUIRE(first.connectTo(server.port()));
    REQUIRE(second.connectTo(server.port()));
    test::TestClient third(server.pin());
    CHECK_FALSE(third.connectTo(server.port(), QStringLiteral("127.0.0.1"), 5'000));
    CHECK_FALSE(third.certificateMismatch());
    requireServed(first);

    second.close();
    // The server forgets the closed connection from its event loop: retry for a moment.
    bool admitted = false;
    for (int attempt = 0; attempt < 20 && !admitted; ++attempt) {
        test::TestClient fourth(server.pin());
        admitted = fourth.connectTo(server.port());
    }
    CHECK(admitted);
}

TEST_CASE(
    "ward-server refuses to start on unsafe or wrong files, with one plain line", "[integration][server]")
{
    test::ServerProcess server;
    server.start();
    REQUIRE(server.stop() == 0);
    const server::DataFolder folder(server.dataDir());
    const auto runWith = [&](const QStringList& extra) {
        QProcess process;
        process.start(test::wardServerPath(),
            QStringList { QStringLiteral("run"), QStringLiteral("--data"), server.dataDir(),
                QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }
                + extra);
        REQUIRE(process.waitForFinished(30'000));
        return std::pair { process.exitCode(), QString::fromUtf8(process.readAllStandardError()) };
    };

    SECTION("a TURN secret file others may read")
    {
        const QString secretFile = server.dataDir() + QStringLiteral("/../turn.secret");
        test::writeFile(secretFile, "turn shared secret\n");
        QFile::setPermissions(
            secretFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        const auto [code, error] = runWith({ QStringLiteral("--turn-secret-file"), secretFile });
        CHECK(code == 1);
        CHECK(error.contains(QStringLiteral("chmod 600")));
    }
    SECTION("a database key file others may read")
    {
        QFile::setPermissions(
            folder.keyFile(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
        const auto [code, error] = runWith({});
        CHECK(code == 1);
        CHECK(error.contains(QStringLiteral("server.key")));
    }
    SECTION("the wrong database key")
    {
        test::writeFile(folder.keyFile(), test::randomHex(32).toLatin1() + '\n');
        const auto [code, error] = runWith({});
        CHECK(code == 1);
        CHECK(error.contains(QStringLiteral("server.key does not open server.db")));
    }
    SECTION("an unknown option")
    {
        const auto [code, error] = runWith({ QStringLiteral("--verbose"), QStringLiteral("yes") });
        CHECK(code == 2);
        CHECK(error.count(QLatin1Char('\n')) == 1);
    }
}
