// Enrolment over a real pinned TLS connection to an in-process server that answers challenge, enrol and
// enrol.confirm: a patient is enrolled at once; a clinician gets the authenticator link, may retry a wrong
// code and finishes with the right one; a server with another certificate, an organisation key other than
// the invitation's and a spent invitation each end the enrolment with the sentence and reason that fit.
#include "TestSupport.h"
#include "TlsTestServer.h"

#include "crypto/DeviceIdentity.h"
#include "crypto/credential/Credential.h"
#include "crypto/credential/IssuerCertificate.h"
#include "crypto/credential/SigningKey.h"
#include "crypto/otp/OtpAuthUri.h"
#include "net/Enrolment.h"
#include "protocol/AuthStatement.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"

#include <QDateTime>

#include <catch2/catch.hpp>

#include <optional>

using namespace ward;
using crypto::credential::Role;
using protocol::Message;
using protocol::WireError;

namespace {

namespace cred = crypto::credential;

class FakeEnrolServer {
public:
    explicit FakeEnrolServer(Role role, const char* certificateName = "server")
        : m_role(role)
        , m_root(cred::SigningKey::generate())
        , m_issuing(cred::SigningKey::generate())
        , m_server([this](QWebSocket& client, const Message& request) { handle(client, request); },
              certificateName)
    {
        const std::int64_t now = QDateTime::currentSecsSinceEpoch();
        auto issuer
            = cred::IssuerCertificate::issue({ m_root.publicKey(), m_issuing.publicKey(),
                                                 QStringLiteral("Riverside"), { now - 3600, now + 86400 } },
                m_root);
        REQUIRE(issuer.ok());
        m_issuer = issuer.value().encode();
        m_issuerCertificate.emplace(std::move(issuer).value());
    }

    protocol::EnrolmentLink link(const QByteArray& organisationKey = {}) const
    {
        protocol::EnrolmentLink l;
        l.host = QStringLiteral("127.0.0.1");
        l.port = m_server.port();
        l.code = crypto::SecretBytes::random(protocol::kInvitationCodeBytes);
        l.certificatePin = test::testCertificatePin("server");
        l.organisationFingerprint = protocol::organisationFingerprintBytes(
            organisationKey.isEmpty() ? m_root.publicKey() : organisationKey);
        return l;
    }

    bool used = false;
    int confirms = 0;

private:
    void handle(QWebSocket& client, const Message& request)
    {
        const protocol::BodyReader body(request.body);
        if (request.type == QLatin1String(protocol::type::kChallenge)) {
            m_nonce = test::randomBytes(32);
            QCborMap reply;
            reply.insert(QLatin1String("nonce"), m_nonce);
            test::TlsTestServer::send(client, Message::reply(request, reply));
        } else if (request.type == QLatin1String(protocol::type::kEnrol)) {
            enrol(client, request, body);
        } else if (request.type == QLatin1String(protocol::type::kEnrolConfirm)) {
            ++confirms;
            const auto code = body.text("totp", 10);
            if (!code.ok() || code.value() != QLatin1String("654321")) {
                test::TlsTestServer::send(
                    client, Message::error(request.id, WireError::WrongCode, QStringLiteral("No.")));
                return;
            }
            test::TlsTestServer::send(client, Message::reply(request));
        }
    }

    void enrol(QWebSocket& client, const Message& request, const protocol::BodyReader& body)
    {
        if (used) {
            test::TlsTestServer::send(
                client, Message::error(request.id, WireError::Used, QStringLiteral("Used.")));
            return;
        }
        const auto signingKey = body.bytes("signingKey", 32);
        const auto signature = body.bytes("signature", 64);
        const QByteArray statement = protocol::authStatement(
            protocol::AuthPurpose::Enrol, test::testCertificatePin("server"), m_nonce);
        REQUIRE(signingKey.ok());
        REQUIRE(signature.ok());
        REQUIRE(crypto::verifySignature(signingKey.value(), statement, signature.value()));
        REQUIRE(body.text("code", 64).ok());
        QCborMap reply;
        reply.insert(QLatin1String("user"), QStringLiteral("dr.okafor"));
        reply.insert(QLatin1String("name"), QStringLiteral("Dr. Adaeze Okafor"));
        reply.insert(QLatin1String("role"), cred::roleName(m_role));
        reply.insert(QLatin1String("serverName"), QStringLiteral("Riverside Clinic"));
        reply.insert(QLatin1String("organisationKey"), m_root.publicKey());
        reply.insert(QLatin1String("issuerCertificate"), m_issuer);
        if (m_role != Role::Patient) {
            const std::int64_t now = QDateTime::currentSecsSinceEpoch();
            cred::CredentialFields fields;
            fields.serial = 7;
            fields.userId = QStringLiteral("dr.okafor");
            fields.displayName = QStringLiteral("Dr. Adaeze Okafor");
            fields.role = m_role;
            fields.deviceKey = signingKey.value();
            fields.issuerKey = m_issuing.publicKey();
            fields.validity = { now - 60, now + 86400 };
            auto credential = cred::Credential::issue(fields, m_issuing, *m_issuerCertificate);
            REQUIRE(credential.ok());
            reply.insert(QLatin1String("credential"), credential->encode());
            auto uri = crypto::otp::OtpAuthUri::generate(
                QStringLiteral("Riverside"), QStringLiteral("dr.okafor"), crypto::otp::OtpParameters {})
                           .build();
            REQUIRE(uri.ok());
            reply.insert(QLatin1String("totpUri"),
                QString::fromLatin1(uri->chars(), static_cast<qsizetype>(uri->size())));
        }
        test::TlsTestServer::send(client, Message::reply(request, reply));
    }

    Role m_role;
    cred::SigningKey m_root;
    cred::SigningKey m_issuing;
    QByteArray m_issuer;
    std::optional<cred::IssuerCertificate> m_issuerCertificate;
    test::TlsTestServer m_server;
    QByteArray m_nonce;
};

struct Outcome {
    explicit Outcome(net::Enrolment& enrolment)
    {
        QObject::connect(
            &enrolment, &net::Enrolment::finished, [this](const net::ServerAccount& a) { account = a; });
        QObject::connect(&enrolment, &net::Enrolment::failed, [this](const QString& m) { failure = m; });
        QObject::connect(&enrolment, &net::Enrolment::totpSetupNeeded, [this] { ++setups; });
        QObject::connect(&enrolment, &net::Enrolment::totpRejected, [this](const QString&) { ++rejections; });
    }
    bool ended() const { return account.has_value() || failure.has_value(); }

    std::optional<net::ServerAccount> account;
    std::optional<QString> failure;
    int setups = 0;
    int rejections = 0;
};

} // namespace

TEST_CASE("A patient enrols at once and gets an account pinned to the invitation", "[net][enrolment]")
{
    FakeEnrolServer server(Role::Patient);
    const auto identity = crypto::DeviceIdentity::generate();
    net::Enrolment enrolment(server.link(), identity, QStringLiteral("kitchen laptop"));
    const Outcome outcome(enrolment);
    enrolment.start();
    REQUIRE(test::waitFor([&] { return outcome.ended(); }));
    INFO(outcome.failure.value_or(QString()).toStdString());
    REQUIRE(outcome.account.has_value());
    CHECK(outcome.account->role == Role::Patient);
    CHECK(outcome.account->certificatePin == test::testCertificatePin("server"));
    CHECK(outcome.setups == 0);
}

TEST_CASE(
    "A clinician sets up TOTP, may retry a wrong code, and finishes with the right one", "[net][enrolment]")
{
    FakeEnrolServer server(Role::Clinician);
    const auto identity = crypto::DeviceIdentity::generate();
    net::Enrolment enrolment(server.link(), identity, QStringLiteral("exam room 3"));
    const Outcome outcome(enrolment);
    enrolment.start();
    REQUIRE(test::waitFor([&] { return outcome.setups == 1; }));
    REQUIRE(crypto::otp::OtpAuthUri::parse(enrolment.totpUri()).ok());
    CHECK_FALSE(outcome.ended());

    enrolment.confirm(test::secret("111111"));
    REQUIRE(test::waitFor([&] { return outcome.rejections == 1; }));
    CHECK_FALSE(outcome.ended());

    enrolment.confirm(test::secret("654321"));
    REQUIRE(test::waitFor([&] { return outcome.ended(); }));
    REQUIRE(outcome.account.has_value());
    CHECK(outcome.account->role == Role::Clinician);
    CHECK_FALSE(outcome.account->credential.isEmpty());
    CHECK(server.confirms == 2);
}

TEST_CASE("Enrolment with a server showing another certificate stops with the call-the-clinic sentence",
    "[net][enrolment]")
{
    FakeEnrolServer impostor(Role::Patient, "other");
    const auto identity = crypto::DeviceIdentity::generate();
    net::Enrolment enrolment(impostor.link(), identity, QStringLiteral("laptop"));
    const Outcome outcome(enrolment);
    enrolment.start();
    REQUIRE(test::waitFor([&] { return outcome.ended(); }));
    REQUIRE(outcome.failure.has_value());
    CHECK(outcome.failure->contains(QStringLiteral("call the clinic")));
    CHECK(enrolment.failure() == net::Enrolment::Failure::CertificateMismatch);
}

TEST_CASE(
    "An organisation key other than the invitation's ends the enrolment as untrusted", "[net][enrolment]")
{
    FakeEnrolServer server(Role::Patient);
    const auto identity = crypto::DeviceIdentity::generate();
    net::Enrolment enrolment(
        server.link(cred::SigningKey::generate().publicKey()), identity, QStringLiteral("laptop"));
    const Outcome outcome(enrolment);
    enrolment.start();
    REQUIRE(test::waitFor([&] { return outcome.ended(); }));
    REQUIRE(outcome.failure.has_value());
    CHECK(enrolment.failure() == net::Enrolment::Failure::Untrusted);
}

TEST_CASE("A used invitation is refused with a sentence asking for a new one", "[net][enrolment]")
{
    FakeEnrolServer server(Role::Patient);
    server.used = true;
    const auto identity = crypto::DeviceIdentity::generate();
    net::Enrolment enrolment(server.link(), identity, QStringLiteral("laptop"));
    const Outcome outcome(enrolment);
    enrolment.start();
    REQUIRE(test::waitFor([&] { return outcome.ended(); }));
    REQUIRE(outcome.failure.has_value());
    CHECK(outcome.failure->contains(QStringLiteral("new one")));
    CHECK(enrolment.failure() == net::Enrolment::Failure::Refused);
}
