// The enrolment reply is trusted only through the invitation's pins: the organisation key must hash to the
// link's fingerprint, the issuer certificate must hang from that key, and a clinic credential must name this
// device and the granted role. Each refusal tells the person to stop and call the clinic.
#include "CredentialFixture.h"
#include "TestSupport.h"

#include "crypto/otp/OtpAuthUri.h"
#include "net/EnrolmentReply.h"

#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;

namespace {

struct Case {
    test::TestOrganisation org;
    protocol::EnrolmentLink link;

    Case()
    {
        link.host = QStringLiteral("127.0.0.1");
        link.port = 8443;
        link.code = crypto::SecretBytes::random(protocol::kInvitationCodeBytes);
        link.certificatePin = test::randomBytes(32);
        link.organisationFingerprint = protocol::organisationFingerprintBytes(org.root.publicKey());
    }

    crypto::credential::CredentialFields clinicianFields() const
    {
        auto fields = org.fields();
        fields.userId = QStringLiteral("dr.okafor");
        return fields;
    }

    QCborMap body(Role role, const QByteArray& credential = {}) const
    {
        QCborMap map;
        map.insert(QLatin1String("user"),
            role == Role::Patient ? QStringLiteral("p.lindqvist") : QStringLiteral("dr.okafor"));
        map.insert(QLatin1String("name"), QStringLiteral("Dr. Adaeze Okafor"));
        map.insert(QLatin1String("role"), crypto::credential::roleName(role));
        map.insert(QLatin1String("serverName"), QStringLiteral("Riverside Clinic"));
        map.insert(QLatin1String("organisationKey"), org.root.publicKey());
        map.insert(QLatin1String("issuerCertificate"), org.certificate.encode());
        if (role != Role::Patient) {
            map.insert(QLatin1String("credential"),
                credential.isEmpty() ? org.issue(clinicianFields()).encode() : credential);
            auto uri = crypto::otp::OtpAuthUri::generate(
                QStringLiteral("Riverside"), QStringLiteral("dr.okafor"), crypto::otp::OtpParameters {})
                           .build();
            REQUIRE(uri.ok());
            map.insert(QLatin1String("totpUri"),
                QString::fromLatin1(uri->chars(), static_cast<qsizetype>(uri->size())));
        }
        return map;
    }

    Result<net::EnrolmentReply> check(const QCborMap& map) const
    {
        return net::checkEnrolmentReply(map, link, org.deviceKey, test::kCredentialNow);
    }
};

} // namespace

TEST_CASE(
    "A clinician's enrolment reply becomes an account with its credential and TOTP link", "[net][enrol]")
{
    const Case c;
    auto reply = c.check(c.body(Role::Clinician));
    INFO((reply ? QString() : reply.error().message).toStdString());
    REQUIRE(reply.ok());
    const net::ServerAccount& account = reply->account;
    CHECK(account.userId == QStringLiteral("dr.okafor"));
    CHECK(account.role == Role::Clinician);
    CHECK(account.host == c.link.host);
    CHECK(account.port == c.link.port);
    CHECK(account.certificatePin == c.link.certificatePin);
    CHECK(account.organisationKey == c.org.root.publicKey());
    CHECK_FALSE(account.credential.isEmpty());
    CHECK(crypto::otp::OtpAuthUri::parse(reply->totpUri).ok());
}

TEST_CASE("A further clinician device may enrol without a new TOTP link", "[net][enrol]")
{
    const Case c;
    QCborMap body = c.body(Role::Clinician);
    body.remove(QLatin1String("totpUri"));
    auto reply = c.check(body);
    REQUIRE(reply.ok());
    CHECK(reply->totpUri.empty());
}

TEST_CASE("A patient's enrolment reply needs no credential and keeps the waiting room", "[net][enrol]")
{
    const Case c;
    QCborMap body = c.body(Role::Patient);
    body.insert(QLatin1String("room"), QStringLiteral("dr.okafor"));
    auto reply = c.check(body);
    REQUIRE(reply.ok());
    CHECK(reply->account.role == Role::Patient);
    CHECK(reply->account.room == QStringLiteral("dr.okafor"));
    CHECK(reply->account.credential.isEmpty());
}

TEST_CASE("An organisation key other than the invitation's is refused", "[net][enrol]")
{
    const Case c;
    const test::TestOrganisation impostor;
    QCborMap body = c.body(Role::Patient);
    body.insert(QLatin1String("organisationKey"), impostor.root.publicKey());
    body.insert(QLatin1String("issuerCertificate"), impostor.certificate.encode());
    auto reply = c.check(body);
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.error().code == ErrorCode::Crypto);
    CHECK(reply.error().message.contains(QStringLiteral("call the clinic")));
}

TEST_CASE("An issuer certificate from another organisation is refused", "[net][enrol]")
{
    const Case c;
    const test::TestOrganisation other;
    QCborMap body = c.body(Role::Patient);
    body.insert(QLatin1String("issuerCertificate"), other.certificate.encode());
    auto reply = c.check(body);
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.error().code == ErrorCode::Crypto);
}

TEST_CASE("A credential for another device, role or person is refused", "[net][enrol]")
{
    const Case c;
    auto otherDevice = c.clinicianFields();
    otherDevice.deviceKey = crypto::DeviceIdentity::generate().publicIdentity().signingKey;
    auto otherRole = c.clinicianFields();
    otherRole.role = Role::Staff;
    auto otherPerson = c.clinicianFields();
    otherPerson.userId = QStringLiteral("dr.someone-else");
    for (const auto& fields : { otherDevice, otherRole, otherPerson }) {
        auto reply = c.check(c.body(Role::Clinician, c.org.issue(fields).encode()));
        REQUIRE_FALSE(reply.ok());
        CHECK(reply.error().code == ErrorCode::Crypto);
    }
    QCborMap noCredential = c.body(Role::Clinician);
    noCredential.remove(QLatin1String("credential"));
    CHECK(c.check(noCredential).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("Missing or malformed reply fields are refused as unreadable", "[net][enrol]")
{
    const Case c;
    for (const char* field :
        { "user", "name", "role", "serverName", "organisationKey", "issuerCertificate" }) {
        QCborMap body = c.body(Role::Patient);
        body.remove(QLatin1String(field));
        auto reply = c.check(body);
        INFO(field);
        REQUIRE_FALSE(reply.ok());
        CHECK(reply.error().code == ErrorCode::InvalidArgument);
    }
    QCborMap badRole = c.body(Role::Patient);
    badRole.insert(QLatin1String("role"), QStringLiteral("surgeon"));
    CHECK(c.check(badRole).error().code == ErrorCode::InvalidArgument);
    QCborMap badUri = c.body(Role::Clinician);
    badUri.insert(QLatin1String("totpUri"), QStringLiteral("https://example.com/"));
    CHECK(c.check(badUri).error().code == ErrorCode::InvalidArgument);
}
