// The visit reason goes only to clinician devices the patient can trust through the organisation key it
// pinned at enrolment, and each device opens only the box addressed to it.
#include "TestSupport.h"

#include "crypto/DeviceIdentity.h"
#include "crypto/credential/Credential.h"
#include "crypto/credential/IssuerCertificate.h"
#include "crypto/credential/SigningKey.h"
#include "net/VisitReason.h"

#include <QDateTime>

#include <catch2/catch.hpp>

#include <optional>

using namespace ward;
using crypto::DeviceIdentity;
using crypto::credential::Role;

namespace {

namespace cred = crypto::credential;

struct Clinic {
    cred::SigningKey root = cred::SigningKey::generate();
    cred::SigningKey issuing = cred::SigningKey::generate();
    std::optional<cred::IssuerCertificate> issuer;
    std::int64_t now = QDateTime::currentSecsSinceEpoch();

    Clinic()
    {
        auto certificate
            = cred::IssuerCertificate::issue({ root.publicKey(), issuing.publicKey(),
                                                 QStringLiteral("Riverside"), { now - 3600, now + 86400 } },
                root);
        REQUIRE(certificate.ok());
        issuer.emplace(std::move(certificate).value());
    }

    QByteArray credential(const QByteArray& deviceKey, Role role) const
    {
        cred::CredentialFields fields;
        fields.serial = cred::Credential::randomSerial();
        fields.userId = QStringLiteral("dr.okafor");
        fields.displayName = QStringLiteral("Dr. Adaeze Okafor");
        fields.role = role;
        fields.deviceKey = deviceKey;
        fields.issuerKey = issuing.publicKey();
        fields.validity = { now - 60, now + 86400 };
        auto issued = cred::Credential::issue(fields, issuing, *issuer);
        REQUIRE(issued.ok());
        return issued->encode();
    }

    QCborMap device(const DeviceIdentity& identity, Role role = Role::Clinician) const
    {
        const auto& pub = identity.publicIdentity();
        QCborMap map;
        map.insert(QLatin1String("signingKey"), pub.signingKey);
        map.insert(QLatin1String("staticKey"), pub.staticKey);
        map.insert(QLatin1String("staticKeySignature"), pub.staticKeySignature);
        map.insert(QLatin1String("credential"), credential(pub.signingKey, role));
        map.insert(QLatin1String("addedMs"), 0);
        return map;
    }
};

QByteArray raw(const crypto::SecretBytes& secret)
{
    return QByteArray(secret.chars(), static_cast<qsizetype>(secret.size()));
}

} // namespace

TEST_CASE(
    "The reason is sealed only to trusted clinician devices, and each opens only its own", "[net][reason]")
{
    const Clinic clinic;
    const DeviceIdentity desk = DeviceIdentity::generate();
    const DeviceIdentity laptop = DeviceIdentity::generate();
    const DeviceIdentity revoked = DeviceIdentity::generate();
    const DeviceIdentity swapped = DeviceIdentity::generate();
    const DeviceIdentity patient = DeviceIdentity::generate();
    const DeviceIdentity bare = DeviceIdentity::generate();
    const DeviceIdentity borrowed = DeviceIdentity::generate();

    QCborArray devices;
    devices.append(clinic.device(desk));
    devices.append(clinic.device(laptop));
    QCborMap gone = clinic.device(revoked);
    gone.insert(QLatin1String("revokedMs"), 5);
    devices.append(gone);
    // The server swapped in a static key the device never signed.
    QCborMap forged = clinic.device(swapped);
    forged.insert(QLatin1String("staticKey"), DeviceIdentity::generate().publicIdentity().staticKey);
    devices.append(forged);
    devices.append(clinic.device(patient, Role::Patient));
    QCborMap noCredential = clinic.device(bare);
    noCredential.remove(QLatin1String("credential"));
    devices.append(noCredential);
    // A real credential, but for another device's key.
    QCborMap mismatched = clinic.device(borrowed);
    mismatched.insert(
        QLatin1String("credential"), clinic.credential(desk.publicIdentity().signingKey, Role::Clinician));
    devices.append(mismatched);

    auto reasons
        = net::sealVisitReason(devices, clinic.root.publicKey(), test::secret("sore throat"), clinic.now);
    REQUIRE(reasons.ok());
    REQUIRE(reasons->size() == 2);
    CHECK(reasons->at(0).toMap().value(QLatin1String("device")).toByteArray()
        == desk.publicIdentity().signingKey);
    CHECK(reasons->at(1).toMap().value(QLatin1String("device")).toByteArray()
        == laptop.publicIdentity().signingKey);

    QCborMap entry;
    entry.insert(QLatin1String("reasons"), reasons.value());
    CHECK(raw(net::openVisitReason(entry, desk)) == QByteArray("sore throat"));
    CHECK(raw(net::openVisitReason(entry, laptop)) == QByteArray("sore throat"));
    CHECK(net::openVisitReason(entry, revoked).empty());
    CHECK(net::openVisitReason(QCborMap(), desk).empty());
}

TEST_CASE("Devices from another organisation get nothing, and no trusted device is an error", "[net][reason]")
{
    const Clinic clinic;
    const Clinic other;
    QCborArray devices;
    devices.append(other.device(DeviceIdentity::generate()));
    auto reasons = net::sealVisitReason(devices, clinic.root.publicKey(), test::secret("rash"), clinic.now);
    REQUIRE_FALSE(reasons.ok());
    CHECK(reasons.error().code == ErrorCode::NotFound);
    CHECK(net::sealVisitReason(QCborArray(), clinic.root.publicKey(), test::secret("rash"), clinic.now)
              .error()
              .code
        == ErrorCode::NotFound);
    CHECK(
        net::sealVisitReason(devices, clinic.root.publicKey(), crypto::SecretBytes(), clinic.now).error().code
        == ErrorCode::InvalidArgument);
}
