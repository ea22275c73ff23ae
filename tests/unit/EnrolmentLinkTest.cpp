// An enrolment link read from a QR code or an e-mail must parse back to exactly what the server wrote, for
// every host form a clinic uses, and a host that only makes sense on one machine must be refused.
#include "TestSupport.h"

#include "net/ServerAccount.h"
#include "protocol/EnrolmentLink.h"

#include <catch2/catch.hpp>

using namespace ward;

namespace {

protocol::EnrolmentLink linkFor(const QString& host, std::uint16_t port)
{
    protocol::EnrolmentLink link;
    link.host = host;
    link.port = port;
    link.code = crypto::SecretBytes::random(protocol::kInvitationCodeBytes);
    link.certificatePin = test::randomBytes(32);
    link.organisationFingerprint = test::randomBytes(32);
    return link;
}

crypto::SecretBytes secretText(const QByteArray& text)
{
    return crypto::SecretBytes(
        reinterpret_cast<const std::uint8_t*>(text.constData()), static_cast<std::size_t>(text.size()));
}

} // namespace

TEST_CASE("A built link parses back to the same server, code and pins", "[protocol][enrolment]")
{
    const QString host = GENERATE(
        QStringLiteral("clinic.example.org"), QStringLiteral("192.0.2.7"), QStringLiteral("2001:db8::1"));
    const auto link = linkFor(host, 7443);
    auto parsed = protocol::EnrolmentLink::parse(link.build());
    REQUIRE(parsed);
    CHECK(parsed->host == host);
    CHECK(parsed->port == 7443);
    CHECK(parsed->code.equals(link.code));
    CHECK(parsed->certificatePin == link.certificatePin);
    CHECK(parsed->organisationFingerprint == link.organisationFingerprint);
    CHECK(parsed->serverAddress()
        == (host.contains(u':') ? QStringLiteral("[%1]:7443").arg(host) : host + QStringLiteral(":7443")));
}

TEST_CASE(
    "A link whose IPv6 server carries an interface zone is refused with a sentence", "[protocol][enrolment]")
{
    // The zone text "%1" once went through a second QString::arg and moved the port into the host.
    const auto good = linkFor(QStringLiteral("2001:db8::1"), 443);
    QByteArray text(good.build().chars(), static_cast<qsizetype>(good.build().size()));
    text.replace("[2001:db8::1]", "[2001:db8::%1]");
    auto parsed = protocol::EnrolmentLink::parse(secretText(text));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().message.contains(QStringLiteral("server address")));
}

TEST_CASE("A server address shows a host that looks like an argument marker as it is", "[protocol][net]")
{
    net::ServerAccount account;
    account.host = QStringLiteral("fe80::%1");
    account.port = 8443;
    CHECK(account.serverAddress() == QStringLiteral("[fe80::%1]:8443"));
}
