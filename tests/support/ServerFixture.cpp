#include "ServerFixture.h"

#include "crypto/credential/IssuerCertificate.h"
#include "crypto/credential/SigningKey.h"
#include "protocol/CertificatePin.h"
#include "store/AccountRepository.h"
#include "store/DeviceRepository.h"
#include "store/ServerSchema.h"

#include <catch2/catch.hpp>

#include <atomic>

namespace ward::test {

namespace {

std::atomic<std::uint64_t> g_nextSessionId { 1 };

} // namespace

FakeSession::FakeSession(QString address)
    : m_id(g_nextSessionId++)
    , m_address(std::move(address))
{ }

const protocol::Message& FakeSession::last() const
{
    REQUIRE_FALSE(m_sent.empty());
    return m_sent.back();
}

std::vector<protocol::Message> FakeSession::ofType(const QString& type) const
{
    std::vector<protocol::Message> out;
    for (const auto& message : m_sent) {
        if (message.type == type) {
            out.push_back(message);
        }
    }
    return out;
}

ServerFixture::ServerFixture()
    : m_key(newDatabaseKey())
    , m_db(createDatabase(m_dir.filePath(QStringLiteral("server.db")), m_key))
{
    auto migrated = server::serverMigrator().migrate(m_db);
    REQUIRE(migrated.ok());
    m_audit = std::make_unique<store::AuditLog>(m_db, m_clock.clock());

    using namespace crypto::credential;
    m_root = std::make_unique<SigningKey>(SigningKey::generate());
    SigningKey issuing = SigningKey::generate();
    const std::int64_t nowSeconds = m_clock.clock()() / 1000;
    IssuerFields fields { m_root->publicKey(), issuing.publicKey(), QStringLiteral("Test Clinic"),
        Validity { nowSeconds - 3600, nowSeconds + 365LL * 24 * 3600 } };
    auto certificate = IssuerCertificate::issue(fields, *m_root);
    REQUIRE(certificate.ok());
    m_identity
        = std::make_unique<server::ServerIdentity>(server::ServerIdentity { QStringLiteral("Test Clinic"),
            QStringLiteral("127.0.0.1:7443"), protocol::certificatePin(QByteArrayLiteral("test certificate")),
            m_root->publicKey(), std::move(certificate).value(), std::move(issuing) });
    m_context = std::make_unique<server::ServerContext>(server::ServerContext {
        m_db, *m_audit, m_hub, m_stats, *m_identity, m_turn, m_visits, m_clock.clock() });
}

ServerFixture::~ServerFixture() = default;

void ServerFixture::request(FakeSession& session, const char* type, QCborMap body, std::uint64_t id)
{
    m_router.dispatch(session, protocol::Message { QString::fromLatin1(type), id, std::move(body) });
}

crypto::DeviceIdentity ServerFixture::addUser(
    const QString& userId, const QString& displayName, crypto::credential::Role role)
{
    server::Account account;
    account.userId = userId;
    account.displayName = displayName;
    account.role = role;
    account.createdMs = m_clock.clock()();
    REQUIRE(server::AccountRepository(m_db).create(account).ok());
    crypto::DeviceIdentity device = crypto::DeviceIdentity::generate();
    const auto& pub = device.publicIdentity();
    server::DeviceRecord record { pub.signingKey, userId, pub.staticKey, pub.staticKeySignature,
        QStringLiteral("test device"), {}, m_clock.clock()(), std::nullopt, std::nullopt };
    REQUIRE(server::DeviceRepository(m_db).add(record).ok());
    return device;
}

void ServerFixture::signIn(FakeSession& session, const QString& userId, const crypto::DeviceIdentity& device)
{
    auto account = server::AccountRepository(m_db).find(userId);
    REQUIRE(account.ok());
    REQUIRE(account.value().has_value());
    m_hub.add(session);
    session.signIn(server::SignedInDevice {
        userId, account.value()->displayName, account.value()->role, device.publicIdentity().signingKey });
    m_hub.signedIn(session);
}

} // namespace ward::test
