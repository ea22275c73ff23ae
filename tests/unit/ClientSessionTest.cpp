// ClientSession and the pinned connection under it, against a small in-process WebSocket server over TLS
// that speaks just enough of the protocol (challenge, signin, resume, whoami). It checks what a person
// relies on: a pinned server is reached without any CA, another certificate is refused for good with the
// "call the clinic" sentence, clinic roles are asked for a code and told when it is wrong, a locked account
// says to ask the admin, requests made offline fail at once, and after a server restart the session comes
// back Online by itself through its resume token without asking for a code.
#include "TestSupport.h"
#include "TlsTestServer.h"

#include "crypto/DeviceIdentity.h"
#include "net/ClientSession.h"
#include "net/SignInMessages.h"
#include "protocol/AuthStatement.h"
#include "protocol/BodyReader.h"
#include "protocol/CertificatePin.h"
#include "protocol/MessageTypes.h"

#include <QWebSocket>

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

using namespace ward;
using net::ConnectionState;
using protocol::Message;
using protocol::WireError;

namespace {

QByteArray orEmpty(const Result<QByteArray, protocol::ProtocolError>& result)
{
    return result.ok() ? result.value() : QByteArray();
}

class FakeClinic {
public:
    explicit FakeClinic(const char* certificateName = "server")
        : m_server(
            [this](QWebSocket& client, const Message& request) { handle(client, request); }, certificateName)
    { }

    std::uint16_t port() const { return m_server.port(); }
    int connections() const { return m_server.connections(); }
    int signIns = 0;
    int resumes = 0;
    bool locked = false;
    bool needsCode = true; // clinic roles; a patient signs in with the device key alone

    // The clients see a restart; resume tokens survive, as they do in the real server's store.
    void restart() { m_server.restart(); }

private:
    void handle(QWebSocket& socket, const Message& request)
    {
        auto send = [&socket](const Message& m) { test::TlsTestServer::send(socket, m); };
        const QString type = request.type;
        const protocol::BodyReader body(request.body);
        if (type == QLatin1String(protocol::type::kChallenge)) {
            m_nonce = test::randomBytes(32);
            QCborMap reply;
            reply.insert(QLatin1String("nonce"), m_nonce);
            send(Message::reply(request, reply));
            return;
        }
        if (type == QLatin1String(protocol::type::kSignIn)
            || type == QLatin1String(protocol::type::kResume)) {
            const bool resume = type == QLatin1String(protocol::type::kResume);
            const QByteArray statement = protocol::authStatement(
                resume ? protocol::AuthPurpose::Resume : protocol::AuthPurpose::SignIn,
                test::testCertificatePin("server"), m_nonce);
            m_nonce.clear();
            const bool valid = crypto::verifySignature(
                orEmpty(body.bytes("signingKey", 32)), statement, orEmpty(body.bytes("signature", 64)));
            if (!valid) {
                send(Message::error(request.id, WireError::Invalid, QStringLiteral("Bad signature.")));
                return;
            }
            if (locked) {
                send(Message::error(request.id, WireError::Locked, QStringLiteral("Locked.")));
                return;
            }
            if (resume) {
                const QByteArray token = orEmpty(body.bytes("token", 32));
                if (token.isEmpty() || token != m_token) {
                    send(Message::error(request.id, WireError::Invalid, QStringLiteral("Unknown token.")));
                    return;
                }
                ++resumes;
            } else {
                const auto totp = body.optionalText("totp", 10);
                if (needsCode && (!totp.ok() || !totp.value())) {
                    send(Message::error(request.id, WireError::TotpRequired, QStringLiteral("Code needed.")));
                    return;
                }
                if (needsCode && *totp.value() != QLatin1String("123456")) {
                    send(Message::error(request.id, WireError::WrongCode, QStringLiteral("Wrong code.")));
                    return;
                }
                ++signIns;
            }
            m_token = test::randomBytes(32);
            QCborMap reply;
            reply.insert(QLatin1String("user"), QStringLiteral("dr.okafor"));
            reply.insert(QLatin1String("name"), QStringLiteral("Dr. Adaeze Okafor"));
            reply.insert(QLatin1String("role"), QStringLiteral("clinician"));
            reply.insert(QLatin1String("serverName"), QStringLiteral("Riverside Clinic"));
            reply.insert(QLatin1String("resumeToken"), m_token);
            reply.insert(QLatin1String("resumeExpiresMs"), 0);
            send(Message::reply(request, reply));
            return;
        }
        if (type == QLatin1String(protocol::type::kWhoAmI)) {
            send(Message::push(QString::fromLatin1(protocol::type::kDirectoryChanged)));
            QCborMap reply;
            reply.insert(QLatin1String("user"), QStringLiteral("dr.okafor"));
            send(Message::reply(request, reply));
            return;
        }
        send(Message::error(request.id, WireError::UnknownType, QStringLiteral("Unknown type.")));
    }

    test::TlsTestServer m_server;
    QByteArray m_nonce;
    QByteArray m_token;
};

net::ServerAccount accountFor(const FakeClinic& clinic, crypto::credential::Role role)
{
    net::ServerAccount account;
    account.host = QStringLiteral("127.0.0.1");
    account.port = clinic.port();
    account.certificatePin = test::testCertificatePin("server");
    account.role = role;
    account.userId = QStringLiteral("dr.okafor");
    return account;
}

struct StateLog {
    explicit StateLog(net::ClientSession& session)
    {
        QObject::connect(&session, &net::ClientSession::stateChanged,
            [this](ConnectionState state) { states.push_back(state); });
    }
    bool saw(ConnectionState state) const
    {
        return std::find(states.begin(), states.end(), state) != states.end();
    }
    std::vector<ConnectionState> states;
};

} // namespace

TEST_CASE("A patient reaches the pinned server without any CA and makes requests", "[net][session]")
{
    FakeClinic clinic;
    clinic.needsCode = false;
    const auto identity = crypto::DeviceIdentity::generate();
    net::ClientSession session(accountFor(clinic, crypto::credential::Role::Patient), identity);
    int pushes = 0;
    QObject::connect(&session, &net::ClientSession::pushReceived, [&pushes](const Message&) { ++pushes; });
    session.start();
    REQUIRE(test::waitFor([&] { return session.state() == ConnectionState::Online; }));
    CHECK(session.statusMessage().isEmpty());
    CHECK(session.account().displayName == QStringLiteral("Dr. Adaeze Okafor"));

    std::optional<Result<QCborMap, protocol::ProtocolError>> answer;
    session.request(protocol::type::kWhoAmI, {}, [&answer](auto reply) { answer.emplace(std::move(reply)); });
    REQUIRE(test::waitFor([&] { return answer.has_value(); }));
    REQUIRE(answer->ok());
    CHECK(answer->value().value(QLatin1String("user")).toString() == QStringLiteral("dr.okafor"));
    CHECK(pushes == 1);

    std::optional<Result<QCborMap, protocol::ProtocolError>> unknown;
    session.request("no.such.type", {}, [&unknown](auto reply) { unknown.emplace(std::move(reply)); });
    REQUIRE(test::waitFor([&] { return unknown.has_value(); }));
    REQUIRE_FALSE(unknown->ok());
    CHECK(unknown->error().wire == WireError::UnknownType);
}

TEST_CASE("A server with another certificate is refused for good, with the call-the-clinic sentence",
    "[net][session]")
{
    FakeClinic impostor("other");
    const auto identity = crypto::DeviceIdentity::generate();
    net::ClientSession session(accountFor(impostor, crypto::credential::Role::Patient), identity);
    session.start();
    REQUIRE(test::waitFor([&] { return session.state() == ConnectionState::CertificateMismatch; }));
    CHECK(session.statusMessage() == net::certificateMismatchText(session.account().serverAddress()));
    // No retry loop: the state stays and no further connection is made.
    const int connections = impostor.connections();
    test::waitFor([] { return false; }, 1'500);
    CHECK(session.state() == ConnectionState::CertificateMismatch);
    CHECK(impostor.connections() == connections);
    CHECK(impostor.signIns == 0);
}

TEST_CASE("A clinician is asked for a code, told when it is wrong, and signed in with the right one",
    "[net][session]")
{
    FakeClinic clinic;
    const auto identity = crypto::DeviceIdentity::generate();
    net::ClientSession session(accountFor(clinic, crypto::credential::Role::Clinician), identity);
    session.start();
    REQUIRE(test::waitFor([&] { return session.state() == ConnectionState::SignInNeeded; }));
    CHECK(session.statusMessage() == net::totpNeededText());
    CHECK(clinic.signIns == 0);

    session.signIn(test::secret("000000"));
    REQUIRE(test::waitFor([&] { return session.statusMessage().contains(QStringLiteral("not accepted")); }));
    CHECK(session.state() == ConnectionState::SignInNeeded);

    session.signIn(test::secret("123456"));
    REQUIRE(test::waitFor([&] { return session.state() == ConnectionState::Online; }));
    CHECK(clinic.signIns == 1);
}

TEST_CASE("A locked account stops at SignInNeeded and says to ask the admin", "[net][session]")
{
    FakeClinic clinic;
    clinic.locked = true;
    const auto identity = crypto::DeviceIdentity::generate();
    net::ClientSession session(accountFor(clinic, crypto::credential::Role::Patient), identity);
    session.start();
    REQUIRE(test::waitFor([&] { return session.state() == ConnectionState::SignInNeeded; }));
    CHECK(session.statusMessage().contains(QStringLiteral("admin")));
}

TEST_CASE("Requests made while not online fail at once with Offline", "[net][session]")
{
    FakeClinic clinic;
    const auto identity = crypto::DeviceIdentity::generate();
    net::ClientSession session(accountFor(clinic, crypto::credential::Role::Patient), identity);
    std::optional<Result<QCborMap, protocol::ProtocolError>> answer;
    session.request(protocol::type::kWhoAmI, {}, [&answer](auto reply) { answer.emplace(std::move(reply)); });
    REQUIRE(answer.has_value());
    REQUIRE_FALSE(answer->ok());
    CHECK(answer->error().wire == WireError::Offline);
}

TEST_CASE(
    "After a server restart the session comes back Online through resume, without a code", "[net][session]")
{
    FakeClinic clinic;
    const auto identity = crypto::DeviceIdentity::generate();
    net::ClientSession session(accountFor(clinic, crypto::credential::Role::Clinician), identity);
    session.start();
    REQUIRE(test::waitFor([&] { return session.state() == ConnectionState::SignInNeeded; }));
    session.signIn(test::secret("123456"));
    REQUIRE(test::waitFor([&] { return session.state() == ConnectionState::Online; }));

    StateLog log(session);
    clinic.restart();
    REQUIRE(test::waitFor([&] { return log.saw(ConnectionState::Offline); }));
    REQUIRE(test::waitFor([&] { return session.state() == ConnectionState::Online; }, 20'000));
    CHECK_FALSE(log.saw(ConnectionState::SignInNeeded));
    CHECK(clinic.signIns == 1);
    CHECK(clinic.resumes == 1);
}
