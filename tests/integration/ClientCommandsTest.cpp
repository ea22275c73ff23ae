// The real wardctl as a headless client against an in-process TLS WebSocket server that answers just
// enough of the protocol for a patient (challenge, enrol, signin, whoami): enrol saves the account and
// whoami signs in with it; a server with another certificate, an unreachable server and a profile that
// never enrolled each fail with one plain line and their own exit status.
#include "TestSupport.h"
#include "TlsTestServer.h"
#include "WardctlRunner.h"

#include "crypto/credential/IssuerCertificate.h"
#include "crypto/credential/SigningKey.h"
#include "protocol/AuthStatement.h"
#include "protocol/BodyReader.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/MessageTypes.h"

#include <QDateTime>
#include <QProcess>
#include <QProcessEnvironment>

#include <catch2/catch.hpp>

using namespace ward;
using protocol::Message;

namespace {

namespace cred = crypto::credential;

constexpr int kExitOffline = 6;
constexpr int kExitCertificateMismatch = 7;

class PatientClinic {
public:
    explicit PatientClinic(const char* certificateName = "server")
        : m_root(cred::SigningKey::generate())
        , m_server([this](QWebSocket& client, const Message& request) { handle(client, request); },
              certificateName)
    {
        const std::int64_t now = QDateTime::currentSecsSinceEpoch();
        const cred::SigningKey issuing = cred::SigningKey::generate();
        auto issuer
            = cred::IssuerCertificate::issue({ m_root.publicKey(), issuing.publicKey(),
                                                 QStringLiteral("Riverside"), { now - 3600, now + 86400 } },
                m_root);
        REQUIRE(issuer.ok());
        m_issuer = issuer->encode();
    }

    QString link(std::uint16_t port = 0) const
    {
        protocol::EnrolmentLink l;
        l.host = QStringLiteral("127.0.0.1");
        l.port = port != 0 ? port : m_server.port();
        l.code = crypto::SecretBytes::random(protocol::kInvitationCodeBytes);
        l.certificatePin = test::testCertificatePin("server");
        l.organisationFingerprint = protocol::organisationFingerprintBytes(m_root.publicKey());
        const crypto::SecretBytes text = l.build();
        return QString::fromLatin1(text.chars(), static_cast<qsizetype>(text.size()));
    }

    std::uint16_t port() const { return m_server.port(); }
    QByteArray enrolledKey;

private:
    void reply(QWebSocket& client, const Message& request, const QCborMap& body = {})
    {
        test::TlsTestServer::send(client, Message::reply(request, body));
    }

    QCborMap who() const
    {
        QCborMap body;
        body.insert(QLatin1String("user"), QStringLiteral("p.lindqvist"));
        body.insert(QLatin1String("name"), QStringLiteral("Per Lindqvist"));
        body.insert(QLatin1String("role"), QStringLiteral("patient"));
        body.insert(QLatin1String("serverName"), QStringLiteral("Riverside Clinic"));
        return body;
    }

    bool signedBy(const protocol::BodyReader& body, protocol::AuthPurpose purpose) const
    {
        const auto key = body.bytes("signingKey", 32);
        const auto signature = body.bytes("signature", 64);
        return key.ok() && signature.ok()
            && crypto::verifySignature(key.value(),
                protocol::authStatement(purpose, test::testCertificatePin("server"), m_nonce),
                signature.value());
    }

    void handle(QWebSocket& client, const Message& request)
    {
        const protocol::BodyReader body(request.body);
        if (request.type == QLatin1String(protocol::type::kChallenge)) {
            m_nonce = test::randomBytes(32);
            QCborMap nonce;
            nonce.insert(QLatin1String("nonce"), m_nonce);
            reply(client, request, nonce);
        } else if (request.type == QLatin1String(protocol::type::kEnrol)
            && signedBy(body, protocol::AuthPurpose::Enrol)) {
            enrolledKey = body.bytes("signingKey", 32).value();
            QCborMap answer = who();
            answer.insert(QLatin1String("organisationKey"), m_root.publicKey());
            answer.insert(QLatin1String("issuerCertificate"), m_issuer);
            answer.insert(QLatin1String("room"), QStringLiteral("dr.okafor"));
            reply(client, request, answer);
        } else if (request.type == QLatin1String(protocol::type::kSignIn)
            && signedBy(body, protocol::AuthPurpose::SignIn)
            && body.bytes("signingKey", 32).value() == enrolledKey) {
            QCborMap answer = who();
            answer.insert(QLatin1String("resumeToken"), test::randomBytes(32));
            answer.insert(QLatin1String("resumeExpiresMs"), 0);
            reply(client, request, answer);
        } else if (request.type == QLatin1String(protocol::type::kWhoAmI)) {
            reply(client, request, who());
        } else {
            test::TlsTestServer::send(
                client, Message::error(request.id, protocol::WireError::Invalid, QStringLiteral("Refused.")));
        }
    }

    cred::SigningKey m_root;
    QByteArray m_issuer;
    test::TlsTestServer m_server;
    QByteArray m_nonce;
};

// wardctl with the event loop running, so the in-process server can answer it.
test::WardctlRun runBeside(const test::Wardctl& wardctl, const QStringList& args)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), wardctl.home());
    env.insert(QStringLiteral("TMPDIR"), wardctl.home());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(WARD_WARDCTL_PATH),
        QStringList { QStringLiteral("--profile"), wardctl.profile() } + args
            + QStringList { QString::fromLatin1(test::kWardctlPassphraseFlag) });
    REQUIRE(process.waitForStarted(30'000));
    process.write(QByteArray(test::kPassphrase) + '\n');
    process.closeWriteChannel();
    REQUIRE(test::waitFor([&] { return process.state() == QProcess::NotRunning; }, 120'000));
    test::WardctlRun run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

TEST_CASE("wardctl enrols a patient and whoami signs in with the saved account", "[integration][client]")
{
    PatientClinic clinic;
    test::Wardctl wardctl;
    wardctl.init();
    const auto enrolled = runBeside(wardctl, { QStringLiteral("enrol"), clinic.link() });
    INFO(enrolled);
    REQUIRE(enrolled.exitCode == 0);
    CHECK(enrolled.out == "enrolled p.lindqvist as patient at Riverside Clinic\n");
    CHECK(enrolled.err.isEmpty());

    const auto who = runBeside(wardctl, { QStringLiteral("whoami") });
    INFO(who);
    REQUIRE(who.exitCode == 0);
    CHECK(who.out
        == QStringLiteral("user: p.lindqvist\nname: Per Lindqvist\nrole: patient\nserver: Riverside Clinic "
                          "(127.0.0.1:%1)\n")
               .arg(clinic.port())
               .toUtf8());
}

TEST_CASE(
    "wardctl refuses a server with another certificate and says to call the clinic", "[integration][client]")
{
    PatientClinic impostor("other");
    test::Wardctl wardctl;
    wardctl.init();
    const auto run = runBeside(wardctl, { QStringLiteral("enrol"), impostor.link() });
    test::checkWardctlFailure(run, kExitCertificateMismatch);
    CHECK(run.err.contains("call the clinic"));
    CHECK(impostor.enrolledKey.isEmpty());
}

TEST_CASE("wardctl reports an unreachable server and a profile that never enrolled", "[integration][client]")
{
    test::Wardctl wardctl;
    wardctl.init();
    const PatientClinic clinic;
    std::uint16_t closedPort = 0;
    {
        const test::TlsTestServer gone([](QWebSocket&, const Message&) {});
        closedPort = gone.port();
    }
    const auto unreachable = runBeside(wardctl, { QStringLiteral("enrol"), clinic.link(closedPort) });
    test::checkWardctlFailure(unreachable, kExitOffline);

    const auto notEnrolled = runBeside(wardctl, { QStringLiteral("whoami") });
    test::checkWardctlFailure(notEnrolled, 1);
    CHECK(notEnrolled.err.contains("wardctl enrol"));
}
