// `wardctl identity show`: the public keys a profile got at creation, the same on every run, never the
// secrets; a wrong passphrase shows nothing.
#include "WardctlRunner.h"

#include "crypto/DeviceIdentity.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <catch2/catch.hpp>

using namespace ward;
using test::Wardctl;
using test::WardctlRun;

namespace {

crypto::DeviceIdentityPublic shownIdentity(const Wardctl& ctl)
{
    const WardctlRun r
        = ctl.unlocked({ QStringLiteral("identity"), QStringLiteral("show"), QStringLiteral("--json") });
    INFO(r);
    REQUIRE(r.exitCode == 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    crypto::DeviceIdentityPublic identity;
    identity.signingKey = QByteArray::fromHex(json.value(QStringLiteral("signingKey")).toString().toLatin1());
    identity.staticKey = QByteArray::fromHex(json.value(QStringLiteral("staticKey")).toString().toLatin1());
    identity.staticKeySignature
        = QByteArray::fromHex(json.value(QStringLiteral("staticKeySignature")).toString().toLatin1());
    CHECK(json.value(QStringLiteral("fingerprint")).toString() == identity.fingerprint());
    return identity;
}

} // namespace

TEST_CASE("wardctl identity show prints the device's public keys and fingerprint", "[wardctl][identity]")
{
    Wardctl ctl;
    ctl.init();

    const crypto::DeviceIdentityPublic identity = shownIdentity(ctl);
    CHECK(identity.signingKey.size() == 32);
    CHECK(identity.staticKey.size() == 32);
    CHECK(identity.verify().ok());
    // The same keys on every unlock: they live in the vault, not in the process.
    const crypto::DeviceIdentityPublic again = shownIdentity(ctl);
    CHECK(again.signingKey == identity.signingKey);
    CHECK(again.staticKey == identity.staticKey);

    const WardctlRun text = ctl.unlocked({ QStringLiteral("identity"), QStringLiteral("show") });
    INFO(text);
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.contains("signing key (Ed25519):  " + identity.signingKey.toHex()));
    CHECK(text.out.contains("static key (X25519):    " + identity.staticKey.toHex()));
    CHECK(text.out.contains(identity.fingerprint().toLatin1()));

    // Another profile is another device.
    Wardctl other;
    other.init();
    CHECK(shownIdentity(other).signingKey != identity.signingKey);
}

TEST_CASE("wardctl identity show with a wrong passphrase shows nothing", "[wardctl][identity]")
{
    Wardctl ctl;
    ctl.init();
    const WardctlRun r = ctl.unlocked(
        { QStringLiteral("identity"), QStringLiteral("show") }, "glacier mosaic thimble orbit");
    test::checkWardctlFailure(r, 3);
    CHECK(r.out.isEmpty());

    test::checkWardctlFailure(ctl.run({ QStringLiteral("identity"), QStringLiteral("rotate") }), 2);
}
