// The clinic account a profile keeps: it survives a lock and unlock unchanged, a profile that never
// enrolled has none, and damaged stored values are reported as damage instead of being half-read.
#include "TestSupport.h"

#include "net/ServerAccount.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;
using crypto::credential::Role;
using net::ServerAccount;

namespace {

ServerAccount clinicianAccount()
{
    ServerAccount account;
    account.host = QStringLiteral("ward.riverside.example");
    account.port = 8443;
    account.certificatePin = test::randomBytes(32);
    account.organisationKey = test::randomBytes(32);
    account.issuerCertificate = test::randomBytes(300);
    account.credential = test::randomBytes(700);
    account.serverName = QStringLiteral("Riverside Clinic");
    account.userId = QStringLiteral("dr.okafor");
    account.displayName = QStringLiteral("Dr. Adaeze Okafor");
    account.role = Role::Clinician;
    return account;
}

void checkSame(const ServerAccount& a, const ServerAccount& b)
{
    CHECK(a.host == b.host);
    CHECK(a.port == b.port);
    CHECK(a.certificatePin == b.certificatePin);
    CHECK(a.organisationKey == b.organisationKey);
    CHECK(a.issuerCertificate == b.issuerCertificate);
    CHECK(a.credential == b.credential);
    CHECK(a.serverName == b.serverName);
    CHECK(a.userId == b.userId);
    CHECK(a.displayName == b.displayName);
    CHECK(a.role == b.role);
    CHECK(a.room == b.room);
}

} // namespace

TEST_CASE("A saved server account reads back the same after the profile is unlocked again", "[net][account]")
{
    QTemporaryDir dir;
    const ServerAccount saved = clinicianAccount();
    {
        auto session = test::createProfile(dir.path(), test::fastOptions());
        auto settings = session->settings();
        auto none = ServerAccount::load(settings);
        REQUIRE(none.ok());
        CHECK_FALSE(none.value().has_value());
        REQUIRE(saved.save(settings).ok());
    }
    auto session = store::Profile::unlock(dir.path(), test::secret(test::kPassphrase));
    REQUIRE(session.ok());
    auto settings = session.value()->settings();
    auto loaded = ServerAccount::load(settings);
    REQUIRE(loaded.ok());
    REQUIRE(loaded.value().has_value());
    checkSame(*loaded.value(), saved);
    CHECK(loaded.value()->needsTotp());
    CHECK(loaded.value()->serverAddress() == QStringLiteral("ward.riverside.example:8443"));
}

TEST_CASE("A patient account with a waiting room and an IPv6 server round-trips", "[net][account]")
{
    QTemporaryDir dir;
    auto session = test::createProfile(dir.path(), test::fastOptions());
    auto settings = session->settings();
    ServerAccount patient = clinicianAccount();
    patient.host = QStringLiteral("2001:db8::7");
    patient.role = Role::Patient;
    patient.credential.clear();
    patient.userId = QStringLiteral("p.lindqvist");
    patient.room = QStringLiteral("dr.okafor");
    REQUIRE(patient.save(settings).ok());
    auto loaded = ServerAccount::load(settings);
    REQUIRE(loaded.ok());
    REQUIRE(loaded.value().has_value());
    checkSame(*loaded.value(), patient);
    CHECK_FALSE(loaded.value()->needsTotp());
    CHECK(loaded.value()->serverAddress() == QStringLiteral("[2001:db8::7]:8443"));
}

TEST_CASE("Damaged stored server settings are reported as Corrupt", "[net][account]")
{
    QTemporaryDir dir;
    auto session = test::createProfile(dir.path(), test::fastOptions());
    auto settings = session->settings();
    REQUIRE(clinicianAccount().save(settings).ok());

    const std::vector<std::pair<const char*, QString>> damage {
        { "server.port", QStringLiteral("0") },
        { "server.port", QStringLiteral("70000") },
        { "server.certificate_pin", QStringLiteral("abcd") },
        { "server.certificate_pin", QString(64, u'g') },
        { "server.organisation_key", QString() },
        { "server.role", QStringLiteral("surgeon") },
        { "server.user", QStringLiteral("Not A User") },
        { "server.credential", QString() }, // a clinician without a credential
        { "server.room", QStringLiteral("bad room") },
        { "server.host", QString() },
    };
    for (const auto& [key, value] : damage) {
        REQUIRE(clinicianAccount().save(settings).ok());
        REQUIRE(settings.set(QLatin1String(key), value).ok());
        auto loaded = ServerAccount::load(settings);
        INFO(key << " = " << value.toStdString());
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().code == ErrorCode::Corrupt);
        CHECK(loaded.error().message.contains(QStringLiteral("Enrol")));
    }
}
