// wardctl org end to end, as clinic IT would run it: create the organisation, issue a clinician's
// credential, check it as a device would, revoke it, and see every refusal come back as one plain line with
// the documented exit status. The credential binds a real profile's device key (wardctl identity show). The
// key files must be owner-only and must open only with the passphrase.
#include "TestSupport.h"
#include "WardctlRunner.h"

#include "crypto/DeviceIdentity.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <catch2/catch.hpp>

using namespace ward;

namespace {

using test::WardctlRun;

constexpr QFileDevice::Permissions kGroupOrOther { QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther };

// The value after "label: " on a line of `out`.
QString field(const QByteArray& out, const char* label)
{
    const QByteArray prefix = QByteArray(label) + ": ";
    for (const QByteArray& line : out.split('\n')) {
        if (line.startsWith(prefix)) {
            return QString::fromUtf8(line.mid(prefix.size()));
        }
    }
    return {};
}

QString newDeviceKey()
{
    return QString::fromLatin1(crypto::DeviceIdentity::generate().publicIdentity().signingKey.toHex());
}

class Clinic {
public:
    Clinic()
        : m_org(QDir(m_ctl.home()).filePath(QStringLiteral("org")))
        , m_device(newDeviceKey())
    { }

    const QString& org() const { return m_org; }
    const QString& device() const { return m_device; }
    const QString& issuingKey() const { return m_issuingKey; }
    QString path(const char* name) const { return QDir(m_ctl.home()).filePath(QLatin1String(name)); }
    QString orgFile(const char* name) const { return QDir(m_org).filePath(QLatin1String(name)); }

    // The device whose credential is issued becomes a real profile's, as `wardctl identity show` reports it.
    void useProfileDevice()
    {
        m_ctl.init();
        const WardctlRun r = m_ctl.unlocked(
            { QStringLiteral("identity"), QStringLiteral("show"), QStringLiteral("--json") });
        INFO(r);
        REQUIRE(r.exitCode == 0);
        m_device = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("signingKey")).toString();
        REQUIRE(m_device.size() == 64);
    }

    WardctlRun run(const QStringList& args, const QByteArray& input = {}) const
    {
        return m_ctl.run(args, input, false);
    }

    WardctlRun withPassphrase(QStringList args, const char* passphrase = test::kPassphrase) const
    {
        args.append(QStringLiteral("--passphrase-stdin"));
        return run(args, QByteArray(passphrase) + '\n');
    }

    // Creates the organisation and returns its key in hex.
    QString init()
    {
        const WardctlRun r
            = withPassphrase({ QStringLiteral("org"), QStringLiteral("init"), QStringLiteral("--out"), m_org,
                QStringLiteral("--name"), QStringLiteral("Riverside Family Clinic"),
                QStringLiteral("--kdf-target-ms"), QStringLiteral("0") });
        INFO(r);
        REQUIRE(r.exitCode == 0);
        REQUIRE(r.err.isEmpty());
        m_issuingKey = field(r.out, "Issuing key");
        REQUIRE(m_issuingKey.size() == 64);
        CHECK(field(r.out, "Fingerprint").size() == 79);
        return field(r.out, "Organisation key");
    }

    WardctlRun issue(const QString& out, const char* passphrase = test::kPassphrase) const
    {
        return withPassphrase(
            { QStringLiteral("org"), QStringLiteral("issue"), QStringLiteral("--org"), m_org,
                QStringLiteral("--user"), QStringLiteral("dr.okafor"), QStringLiteral("--name"),
                QStringLiteral("Dr. Adaeze Okafor"), QStringLiteral("--role"), QStringLiteral("clinician"),
                QStringLiteral("--device-key"), m_device, QStringLiteral("--days"), QStringLiteral("30"),
                QStringLiteral("--out"), out },
            passphrase);
    }

    WardctlRun verify(const QString& credential, const QString& orgKey, const QStringList& extra = {}) const
    {
        return run(QStringList { QStringLiteral("org"), QStringLiteral("verify"), credential,
                       QStringLiteral("--org-key"), orgKey }
            + extra);
    }

private:
    test::Wardctl m_ctl;
    QString m_org;
    QString m_device;
    QString m_issuingKey;
};

void checkFailure(const WardctlRun& run, int exitCode, const char* says)
{
    test::checkWardctlFailure(run, exitCode);
    INFO(run);
    CHECK(run.err.contains(says));
}

} // namespace

TEST_CASE(
    "wardctl org creates an organisation, issues, verifies and revokes a credential", "[wardctl][credential]")
{
    Clinic clinic;
    clinic.useProfileDevice();
    const QString orgKey = clinic.init();
    REQUIRE(orgKey.size() == 64);
    CHECK(test::readFile(clinic.orgFile("organisation.pub")).trimmed() == orgKey.toLatin1());
    for (const char* name : { "root.key", "issuing.key" }) {
        INFO(name);
        const QString path = clinic.orgFile(name);
        REQUIRE(QFileInfo::exists(path));
        const QFileDevice::Permissions perms = QFile::permissions(path);
        CHECK(perms.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        CHECK((perms & kGroupOrOther) == 0);
        CHECK_FALSE(test::readFile(path).contains(test::kPassphrase));
    }
    CHECK((QFile::permissions(clinic.org()) & kGroupOrOther) == 0);

    const QString credential = clinic.path("okafor.credential");
    const WardctlRun issued = clinic.issue(credential);
    INFO(issued);
    REQUIRE(issued.exitCode == 0);
    REQUIRE(QFileInfo::exists(credential));

    const WardctlRun ok = clinic.verify(credential, orgKey,
        { QStringLiteral("--revocations"), clinic.orgFile("revocations.list"), QStringLiteral("--role"),
            QStringLiteral("clinician"), QStringLiteral("--device-key"), clinic.device() });
    INFO(ok);
    REQUIRE(ok.exitCode == 0);
    CHECK(ok.err.isEmpty());
    CHECK(field(ok.out, "user") == QStringLiteral("dr.okafor"));
    CHECK(field(ok.out, "name") == QStringLiteral("Dr. Adaeze Okafor"));
    CHECK(field(ok.out, "role") == QStringLiteral("clinician"));
    const QDateTime expires = QDateTime::fromString(field(ok.out, "expires"), Qt::ISODate);
    REQUIRE(expires.isValid());
    const qint64 expiry = expires.toSecsSinceEpoch();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    CHECK(expiry > now + 29 * qint64 { 86'400 });
    CHECK(expiry <= now + 30 * qint64 { 86'400 });

    SECTION("valid at its expiry second, expired one second later")
    {
        CHECK(
            clinic.verify(credential, orgKey, { QStringLiteral("--time"), QString::number(expiry) }).exitCode
            == 0);
        checkFailure(
            clinic.verify(credential, orgKey, { QStringLiteral("--time"), QString::number(expiry + 1) }), 1,
            "expired");
    }
    SECTION("the wrong role or device is refused")
    {
        checkFailure(clinic.verify(credential, orgKey, { QStringLiteral("--role"), QStringLiteral("admin") }),
            1, "not admin");
        const QString other = newDeviceKey();
        checkFailure(clinic.verify(credential, orgKey, { QStringLiteral("--device-key"), other }), 1,
            "different device");
    }
    SECTION("another organisation's key does not accept it")
    {
        const QString stranger = newDeviceKey();
        checkFailure(clinic.verify(credential, stranger), 1, "does not trust");
    }
    SECTION("a changed byte is refused")
    {
        QByteArray bytes = test::readFile(credential);
        const qsizetype at = bytes.indexOf("Okafor");
        REQUIRE(at > 0);
        bytes[at] = 'X';
        test::writeFile(credential, bytes);
        checkFailure(clinic.verify(credential, orgKey), 1, "signature is not valid");
    }
    SECTION("revoked, the credential is refused with the list and the list's version grows")
    {
        const QString serial = field(ok.out, "serial");
        REQUIRE_FALSE(serial.isEmpty());
        const QByteArray before = test::readFile(clinic.orgFile("revocations.list"));
        const WardctlRun revoked = clinic.withPassphrase({ QStringLiteral("org"), QStringLiteral("revoke"),
            QStringLiteral("--org"), clinic.org(), QStringLiteral("--serial"), serial });
        INFO(revoked);
        REQUIRE(revoked.exitCode == 0);
        CHECK(revoked.out.contains("version 2"));
        CHECK(test::readFile(clinic.orgFile("revocations.list")) != before);

        checkFailure(clinic.verify(credential, orgKey,
                         { QStringLiteral("--revocations"), clinic.orgFile("revocations.list") }),
            1, "revoked this credential");
        // Without the list the signature chain alone still holds: revocation needs the list.
        CHECK(clinic.verify(credential, orgKey).exitCode == 0);

        const WardctlRun again = clinic.withPassphrase({ QStringLiteral("org"), QStringLiteral("revoke"),
            QStringLiteral("--org"), clinic.org(), QStringLiteral("--serial"), serial });
        CHECK(again.exitCode == 0);
        CHECK(again.out.contains("Already revoked"));
    }
    SECTION("revoking the issuing key refuses every credential it issued")
    {
        const WardctlRun revoked = clinic.withPassphrase({ QStringLiteral("org"), QStringLiteral("revoke"),
            QStringLiteral("--org"), clinic.org(), QStringLiteral("--issuer-key"), clinic.issuingKey() });
        INFO(revoked);
        REQUIRE(revoked.exitCode == 0);
        checkFailure(clinic.verify(credential, orgKey,
                         { QStringLiteral("--revocations"), clinic.orgFile("revocations.list") }),
            1, "withdrawn the key that issued this credential");
    }
}

TEST_CASE("wardctl org refuses a wrong passphrase for the key files with status 3", "[wardctl][credential]")
{
    Clinic clinic;
    clinic.init();
    const QByteArray list = test::readFile(clinic.orgFile("revocations.list"));

    const QString credential = clinic.path("c.credential");
    checkFailure(
        clinic.issue(credential, test::kOtherPassphrase), 3, "does not open the organisation's issuing key");
    CHECK_FALSE(QFileInfo::exists(credential));

    checkFailure(
        clinic.withPassphrase({ QStringLiteral("org"), QStringLiteral("revoke"), QStringLiteral("--org"),
                                  clinic.org(), QStringLiteral("--serial"), QStringLiteral("5") },
            test::kOtherPassphrase),
        3, "does not open the organisation's root key");
    CHECK(test::readFile(clinic.orgFile("revocations.list")) == list);

    // The right passphrase still works afterwards.
    CHECK(clinic.issue(credential).exitCode == 0);
}

TEST_CASE("wardctl org init never overwrites keys and refuses weak passphrases", "[wardctl][credential]")
{
    Clinic clinic;
    clinic.init();
    const QByteArray root = test::readFile(clinic.orgFile("root.key"));
    const WardctlRun again = clinic.withPassphrase({ QStringLiteral("org"), QStringLiteral("init"),
        QStringLiteral("--out"), clinic.org(), QStringLiteral("--name"), QStringLiteral("Other"),
        QStringLiteral("--kdf-target-ms"), QStringLiteral("0") });
    checkFailure(again, 1, "will not overwrite");
    CHECK(test::readFile(clinic.orgFile("root.key")) == root);

    const WardctlRun weak
        = clinic.withPassphrase({ QStringLiteral("org"), QStringLiteral("init"), QStringLiteral("--out"),
                                    clinic.path("weak"), QStringLiteral("--name"), QStringLiteral("Weak"),
                                    QStringLiteral("--kdf-target-ms"), QStringLiteral("0") },
            "password1234");
    checkFailure(weak, 1, "passphrase");
    CHECK_FALSE(QFileInfo::exists(QDir(clinic.path("weak")).filePath(QStringLiteral("root.key"))));
}

TEST_CASE("wardctl org validates its options with status 2", "[wardctl][credential]")
{
    Clinic clinic;
    const QString key = QString(64, QLatin1Char('a'));
    checkFailure(clinic.run({ QStringLiteral("org") }), 2, "org needs one of");
    checkFailure(clinic.run({ QStringLiteral("org"), QStringLiteral("verify"), QStringLiteral("c"),
                     QStringLiteral("--org-key"), QStringLiteral("abc") }),
        2, "64 hex digits");
    checkFailure(clinic.run({ QStringLiteral("org"), QStringLiteral("verify"), QStringLiteral("c"),
                     QStringLiteral("--org-key"), key, QStringLiteral("--role"), QStringLiteral("doctor") }),
        2, "--role");
    checkFailure(clinic.run({ QStringLiteral("org"), QStringLiteral("init"), QStringLiteral("--out"),
                     clinic.org(), QStringLiteral("--name"), QStringLiteral("X"),
                     QStringLiteral("--passphrase"), QStringLiteral("secret") }),
        2, "never accepted as an argument");
    checkFailure(
        clinic.withPassphrase({ QStringLiteral("org"), QStringLiteral("issue"), QStringLiteral("--org"),
            clinic.org(), QStringLiteral("--user"), QStringLiteral("a b"), QStringLiteral("--name"),
            QStringLiteral("A"), QStringLiteral("--role"), QStringLiteral("staff"),
            QStringLiteral("--device-key"), key, QStringLiteral("--out"), clinic.path("x") }),
        2, "--user");
    checkFailure(clinic.run({ QStringLiteral("org"), QStringLiteral("verify"), clinic.path("missing"),
                     QStringLiteral("--org-key"), key }),
        1, "could not read");
}
