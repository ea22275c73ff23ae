// What a person reads about the link to the clinic: a word for each state, and for each refused sign-in a
// sentence that says what to do (ask the admin, enrol again, wait, call the clinic).
#include "net/ConnectionState.h"
#include "net/SignInMessages.h"

#include <catch2/catch.hpp>

#include <QSet>

using namespace ward;
using net::ConnectionState;
using protocol::WireError;

namespace {

protocol::ProtocolError refusal(WireError wire, std::int64_t retryAfterMs = 0)
{
    protocol::ProtocolError error;
    error.wire = wire;
    error.message = QStringLiteral("The server's own words.");
    error.retryAfterMs = retryAfterMs;
    return error;
}

} // namespace

TEST_CASE("Each connection state has its own text", "[net][state]")
{
    CHECK(net::connectionStateText(ConnectionState::Offline) == QStringLiteral("Offline"));
    CHECK(net::connectionStateText(ConnectionState::Connecting) == QStringLiteral("Connecting…"));
    CHECK(net::connectionStateText(ConnectionState::SigningIn) == QStringLiteral("Signing in…"));
    CHECK(net::connectionStateText(ConnectionState::Online) == QStringLiteral("Online"));
    CHECK(net::connectionStateText(ConnectionState::SignInNeeded) == QStringLiteral("Sign-in needed"));
    CHECK(net::connectionStateText(ConnectionState::CertificateMismatch)
        == QStringLiteral("Server identity changed"));
}

TEST_CASE("A refused sign-in says what the person should do", "[net][state]")
{
    CHECK(net::signInRefusalText(refusal(WireError::Locked)).contains(QStringLiteral("admin")));
    CHECK(net::signInRefusalText(refusal(WireError::Revoked)).contains(QStringLiteral("Enrol it again")));
    CHECK(net::signInRefusalText(refusal(WireError::Throttled, 42'000))
              .contains(QStringLiteral("Wait 42 seconds")));
    // Part of a second rounds up: never "wait 0 seconds".
    CHECK(net::signInRefusalText(refusal(WireError::Throttled, 1'200))
              .contains(QStringLiteral("Wait 2 seconds")));
    CHECK(net::signInRefusalText(refusal(WireError::WrongCode)).contains(QStringLiteral("code")));
    CHECK(net::signInRefusalText(refusal(WireError::TotpRequired)) == net::totpNeededText());
    CHECK(net::signInRefusalText(refusal(WireError::Invalid))
              .contains(QStringLiteral("The server's own words.")));

    QSet<QString> distinct;
    for (const WireError wire : { WireError::Locked, WireError::Revoked, WireError::Throttled,
             WireError::WrongCode, WireError::Invalid }) {
        distinct.insert(net::signInRefusalText(refusal(wire)));
    }
    CHECK(distinct.size() == 5);
}

TEST_CASE("A certificate mismatch tells the person to stop and call the clinic", "[net][state]")
{
    const QString text = net::certificateMismatchText(QStringLiteral("ward.example:8443"));
    CHECK(text.contains(QStringLiteral("ward.example:8443")));
    CHECK(text.contains(QStringLiteral("Do not continue")));
    CHECK(text.contains(QStringLiteral("call the clinic")));
    CHECK(net::offlineText(QStringLiteral("ward.example:8443"), 2'500).contains(QStringLiteral("3 seconds")));
}

TEST_CASE("An error reply's retryAfterMs reaches the client", "[net][state]")
{
    QCborMap extra;
    extra.insert(QLatin1String("retryAfterMs"), 9'000);
    const auto message
        = protocol::Message::error(4, WireError::Throttled, QStringLiteral("Slow down."), extra);
    auto parsed = protocol::Message::parse(message.encode());
    REQUIRE(parsed.ok());
    const protocol::ProtocolError error = parsed->toError();
    CHECK(error.wire == WireError::Throttled);
    CHECK(error.retryAfterMs == 9'000);
    CHECK(error.requestId == 4);
}
