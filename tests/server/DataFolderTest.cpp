// ward-server's data folder: what init writes (and with which permissions), what open refuses, and that
// the identity clients pin survives a reopen.
#include "DataFolder.h"
#include "ServerKeyFile.h"
#include "TestSupport.h"
#include "crypto/credential/OrganisationFingerprint.h"
#include "protocol/CertificatePin.h"
#include "store/AuditLog.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;

namespace {

server::InitOptions clinic()
{
    return server::InitOptions { QStringLiteral("Riverside Clinic"), QStringLiteral("clinic.example:7443"),
        {}, {} };
}

QFileDevice::Permissions modeOf(const QString& path)
{
    return QFileInfo(path).permissions()
        & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
            | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
            | QFileDevice::WriteOther | QFileDevice::ExeOther);
}

constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Sets WARD_SERVER_DB_KEY for the lifetime of the object.
class KeyInEnvironment {
public:
    explicit KeyInEnvironment(const QByteArray& hex) { qputenv(server::kDatabaseKeyEnvironment, hex); }
    ~KeyInEnvironment() { qunsetenv(server::kDatabaseKeyEnvironment); }
    KeyInEnvironment(const KeyInEnvironment&) = delete;
    KeyInEnvironment& operator=(const KeyInEnvironment&) = delete;
};

} // namespace

TEST_CASE("init writes the store, an owner-only key, a certificate and its key", "[server][datafolder]")
{
    QTemporaryDir temp;
    const QString dir = temp.filePath(QStringLiteral("data"));
    server::DataFolder folder(dir);
    auto report = folder.init(clinic());
    REQUIRE(report.ok());
    CHECK(report->keyFileWritten);

    CHECK(modeOf(folder.keyFile()) == kOwnerOnly);
    CHECK(modeOf(folder.tlsKeyFile()) == kOwnerOnly);
    CHECK(QFileInfo::exists(folder.databaseFile()));
    CHECK(QFileInfo::exists(folder.certificateFile()));
    const QByteArray keyText = test::readFile(folder.keyFile());
    CHECK(keyText.size() == 65);
    CHECK(keyText.endsWith('\n'));
    // The database is encrypted: no plaintext SQLite header.
    CHECK_FALSE(test::readFile(folder.databaseFile()).startsWith("SQLite format 3"));

    const QSslCertificate certificate(test::readFile(folder.certificateFile()), QSsl::Pem);
    REQUIRE_FALSE(certificate.isNull());
    CHECK(
        report->certificatePin == QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256));
    CHECK(certificate.subjectInfo(QSslCertificate::CommonName)
        == QStringList { QStringLiteral("clinic.example") });
    const auto names = certificate.subjectAlternativeNames();
    CHECK(names.values(QSsl::DnsEntry).contains(QStringLiteral("clinic.example")));
    CHECK(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
    CHECK(certificate.publicKey().algorithm() == QSsl::Ec);
    const qint64 days = certificate.effectiveDate().daysTo(certificate.expiryDate());
    CHECK(days >= 825);
    CHECK(days <= 826);

    auto opened = folder.open();
    REQUIRE(opened.ok());
    const auto& identity = (*opened)->identity();
    CHECK(identity.name == QStringLiteral("Riverside Clinic"));
    CHECK(identity.address == QStringLiteral("clinic.example:7443"));
    CHECK(identity.certificatePin == report->certificatePin);
    CHECK(identity.organisationKey == report->organisationKey);
    CHECK(identity.issuerCertificate.fields().organisationName == QStringLiteral("Riverside Clinic"));
    CHECK(identity.issuerCertificate.signedBy(identity.organisationKey));
    CHECK(identity.issuerCertificate.fields().issuingKey == identity.issuingKey.publicKey());
    CHECK_FALSE((*opened)->tls().privateKey.isNull());

    auto entries = (*opened)->audit().entries();
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 1);
    CHECK(entries->front().event == QStringLiteral("server.initialised"));
    CHECK(entries->front().detail.contains(
        crypto::credential::organisationFingerprint(identity.organisationKey)));
}

TEST_CASE("the organisation key and the pin survive closing and reopening", "[server][datafolder]")
{
    QTemporaryDir temp;
    server::DataFolder folder(temp.filePath(QStringLiteral("data")));
    auto report = folder.init(clinic());
    REQUIRE(report.ok());
    QByteArray issuingKey;
    {
        auto first = folder.open();
        REQUIRE(first.ok());
        issuingKey = (*first)->identity().issuingKey.publicKey();
    }
    auto second = folder.open();
    REQUIRE(second.ok());
    CHECK((*second)->identity().organisationKey == report->organisationKey);
    CHECK((*second)->identity().issuingKey.publicKey() == issuingKey);
    CHECK((*second)->identity().certificatePin == report->certificatePin);
}

TEST_CASE("init refuses a folder that already holds something", "[server][datafolder]")
{
    QTemporaryDir temp;
    server::DataFolder folder(temp.filePath(QStringLiteral("data")));
    REQUIRE(folder.init(clinic()).ok());
    const QByteArray keyBefore = test::fileHash(folder.keyFile());
    auto again = folder.init(clinic());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.contains(QStringLiteral("not empty")));
    CHECK(test::fileHash(folder.keyFile()) == keyBefore);

    QTemporaryDir other;
    test::writeFile(other.filePath(QStringLiteral("notes.txt")), "someone's file");
    CHECK_FALSE(server::DataFolder(other.path()).init(clinic()).ok());
}

TEST_CASE("init refuses bad options before writing anything", "[server][datafolder]")
{
    QTemporaryDir temp;
    const QString dir = temp.filePath(QStringLiteral("data"));
    auto options = clinic();
    SECTION("no name")
    {
        options.name.clear();
    }
    SECTION("an address without a port")
    {
        options.address = QStringLiteral("clinic.example");
    }
    SECTION("a certificate without its key")
    {
        options.tlsCertificateFile = temp.filePath(QStringLiteral("x.crt"));
    }
    CHECK_FALSE(server::DataFolder(dir).init(options).ok());
    CHECK_FALSE(QFileInfo::exists(dir));
}

TEST_CASE("open says which file is missing, unsafe or wrong", "[server][datafolder]")
{
    QTemporaryDir temp;
    server::DataFolder folder(temp.filePath(QStringLiteral("data")));
    REQUIRE(folder.init(clinic()).ok());

    SECTION("a folder that does not exist")
    {
        auto opened = server::DataFolder(temp.filePath(QStringLiteral("nowhere"))).open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::NotFound);
        CHECK(opened.error().message.contains(QStringLiteral("does not exist")));
    }
    SECTION("a folder that was never initialised")
    {
        QTemporaryDir empty;
        auto opened = server::DataFolder(empty.path()).open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.contains(QStringLiteral("not an initialised")));
    }
    SECTION("a missing key file")
    {
        QFile::remove(folder.keyFile());
        auto opened = folder.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::NotFound);
        CHECK(opened.error().message.contains(QStringLiteral("server.key")));
    }
    SECTION("a key file others may read")
    {
        QFile::setPermissions(folder.keyFile(), kOwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        auto opened = folder.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::Unsafe);
        CHECK(opened.error().message.contains(QStringLiteral("chmod 600")));
    }
    SECTION("a TLS key others may read")
    {
        QFile::setPermissions(folder.tlsKeyFile(), kOwnerOnly | QFileDevice::ReadOther);
        auto opened = folder.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::Unsafe);
    }
    SECTION("the wrong key")
    {
        test::writeFile(folder.keyFile(), test::randomHex(32).toLatin1() + '\n');
        QFile::setPermissions(folder.keyFile(), kOwnerOnly);
        auto opened = folder.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.contains(QStringLiteral("server.key does not open server.db")));
    }
    SECTION("a key file that is not a key")
    {
        test::writeFile(folder.keyFile(), "not a key\n");
        QFile::setPermissions(folder.keyFile(), kOwnerOnly);
        auto opened = folder.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.contains(QStringLiteral("64 hex digits")));
    }
    SECTION("a truncated database")
    {
        QFile db(folder.databaseFile());
        REQUIRE(db.resize(db.size() - 100));
        auto opened = folder.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::Corrupt);
        CHECK(opened.error().message.contains(QStringLiteral("damaged")));
    }
}

TEST_CASE(
    "with WARD_SERVER_DB_KEY no key file is written and the variable opens the store", "[server][datafolder]")
{
    QTemporaryDir temp;
    server::DataFolder folder(temp.filePath(QStringLiteral("data")));
    const QByteArray hex = test::randomHex(32).toLatin1();
    {
        KeyInEnvironment environment(hex);
        auto report = folder.init(clinic());
        REQUIRE(report.ok());
        CHECK_FALSE(report->keyFileWritten);
        CHECK_FALSE(QFileInfo::exists(folder.keyFile()));
        CHECK(folder.open().ok());
    }
    auto withoutKey = folder.open();
    REQUIRE_FALSE(withoutKey.ok());
    CHECK(withoutKey.error().message.contains(QStringLiteral("WARD_SERVER_DB_KEY")));
    {
        KeyInEnvironment wrong(test::randomHex(32).toLatin1());
        auto opened = folder.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.contains(QStringLiteral("does not open server.db")));
    }
    {
        KeyInEnvironment malformed("abc");
        CHECK_FALSE(folder.open().ok());
    }
}

TEST_CASE("a clinic's own certificate and key are used when they match", "[server][datafolder]")
{
    QTemporaryDir temp;
    auto first = server::makeSelfSignedCertificate(QStringLiteral("ward.clinic.example"));
    auto second = server::makeSelfSignedCertificate(QStringLiteral("ward.clinic.example"));
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    const QString certFile = temp.filePath(QStringLiteral("given.crt"));
    const QString keyFile = temp.filePath(QStringLiteral("given.key"));
    const QString otherKeyFile = temp.filePath(QStringLiteral("other.key"));
    test::writeFile(certFile, first->certificatePem);
    REQUIRE(server::writeSecretFile(keyFile, first->privateKeyPem).ok());
    REQUIRE(server::writeSecretFile(otherKeyFile, second->privateKeyPem).ok());

    auto options = clinic();
    options.tlsCertificateFile = certFile;
    SECTION("a matching pair is copied in")
    {
        options.tlsKeyFile = keyFile;
        server::DataFolder folder(temp.filePath(QStringLiteral("data")));
        auto report = folder.init(options);
        REQUIRE(report.ok());
        CHECK(test::readFile(folder.certificateFile()) == first->certificatePem);
        CHECK(report->certificatePin
            == protocol::certificatePin(QSslCertificate(first->certificatePem, QSsl::Pem).toDer()));
        CHECK(modeOf(folder.tlsKeyFile()) == kOwnerOnly);
    }
    SECTION("a key of another certificate is refused and nothing is written")
    {
        options.tlsKeyFile = otherKeyFile;
        const QString dir = temp.filePath(QStringLiteral("data"));
        auto report = server::DataFolder(dir).init(options);
        REQUIRE_FALSE(report.ok());
        CHECK(report.error().message.contains(QStringLiteral("does not belong")));
        CHECK_FALSE(QFileInfo::exists(dir));
    }
}
