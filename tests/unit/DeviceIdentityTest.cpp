// The device identity: its static key is vouched for by its signing key, it is made with the profile, kept
// sealed in the vault (never in plain bytes on disk), the same after every unlock and passphrase change,
// and added to a profile that was made before identities existed.
#include "TestSupport.h"

#include "crypto/Argon2.h"
#include "crypto/DeviceIdentity.h"
#include "store/Vault.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::store;
using crypto::DeviceIdentity;
using crypto::DeviceIdentityPublic;

namespace {

QByteArray raw(const crypto::SecretBytes& secret)
{
    return QByteArray(secret.chars(), static_cast<qsizetype>(secret.size()));
}

std::unique_ptr<ProfileSession> unlock(const QString& dir, const char* passphrase = test::kPassphrase)
{
    auto session = Profile::unlock(dir, test::secret(passphrase));
    INFO((session ? QString() : session.error().message).toStdString());
    REQUIRE(session.ok());
    return std::move(session).value();
}

QStringList auditEvents(ProfileSession& session)
{
    auto entries = session.audit().entries();
    REQUIRE(entries.ok());
    QStringList events;
    for (const AuditEntry& e : entries.value()) {
        events.append(e.event);
    }
    return events;
}

} // namespace

TEST_CASE("A device identity signs its static key and nothing else verifies", "[identity]")
{
    const DeviceIdentity identity = DeviceIdentity::generate();
    const DeviceIdentityPublic& pub = identity.publicIdentity();
    REQUIRE(pub.verify().ok());

    DeviceIdentityPublic swapped = pub;
    swapped.staticKey = DeviceIdentity::generate().publicIdentity().staticKey;
    CHECK_FALSE(swapped.verify().ok());

    DeviceIdentityPublic forged = pub;
    forged.staticKeySignature[10] = static_cast<char>(forged.staticKeySignature[10] ^ 0x01);
    CHECK_FALSE(forged.verify().ok());

    DeviceIdentityPublic otherSigner = pub;
    otherSigner.signingKey = DeviceIdentity::generate().publicIdentity().signingKey;
    CHECK_FALSE(otherSigner.verify().ok());

    DeviceIdentityPublic truncated = pub;
    truncated.signingKey.chop(1);
    CHECK_FALSE(truncated.verify().ok());
}

TEST_CASE("The same seeds give the same identity; wrong sizes are refused", "[identity]")
{
    const DeviceIdentity identity = DeviceIdentity::generate();
    auto again = DeviceIdentity::fromSeeds(identity.signingSeed().clone(), identity.staticSecret().clone());
    REQUIRE(again.ok());
    CHECK(again->publicIdentity().signingKey == identity.publicIdentity().signingKey);
    CHECK(again->publicIdentity().staticKey == identity.publicIdentity().staticKey);
    CHECK(again->publicIdentity().staticKeySignature == identity.publicIdentity().staticKeySignature);

    auto shortSeed
        = DeviceIdentity::fromSeeds(crypto::SecretBytes::random(31), crypto::SecretBytes::random(32));
    REQUIRE_FALSE(shortSeed.ok());
    CHECK(shortSeed.error().code == ErrorCode::Corrupt);
}

TEST_CASE("Signatures by the device verify under its key only, for the message signed", "[identity]")
{
    const DeviceIdentity identity = DeviceIdentity::generate();
    const QByteArray message = "ward/v1/test-challenge\0 nonce 1234";
    const QByteArray signature = identity.sign(message);
    CHECK(crypto::verifySignature(identity.publicIdentity().signingKey, message, signature));
    CHECK_FALSE(crypto::verifySignature(identity.publicIdentity().signingKey, message + "!", signature));
    CHECK_FALSE(
        crypto::verifySignature(DeviceIdentity::generate().publicIdentity().signingKey, message, signature));
    CHECK_FALSE(crypto::verifySignature(identity.publicIdentity().signingKey, message, signature.left(63)));
}

TEST_CASE("The device fingerprint is 16 groups of four hex digits and differs between devices", "[identity]")
{
    const DeviceIdentityPublic a = DeviceIdentity::generate().publicIdentity();
    const DeviceIdentityPublic b = DeviceIdentity::generate().publicIdentity();
    const QString fingerprint = a.fingerprint();
    CHECK(fingerprint.size() == 16 * 4 + 15);
    CHECK(fingerprint.split(QLatin1Char(' ')).size() == 16);
    CHECK(fingerprint == a.fingerprint());
    CHECK(fingerprint != b.fingerprint());
}

TEST_CASE("A new profile has a device identity, sealed in its vault and stable across unlocks",
    "[identity][profile]")
{
    QTemporaryDir dir;
    QByteArray signingKey;
    QByteArray signingSeed;
    QByteArray staticSecret;
    {
        auto created = test::createProfile(dir.path(), test::fastOptions());
        const DeviceIdentity& identity = created->identity();
        REQUIRE(identity.publicIdentity().verify().ok());
        signingKey = identity.publicIdentity().signingKey;
        signingSeed = raw(identity.signingSeed());
        staticSecret = raw(identity.staticSecret());
    }
    // No file of the profile holds a secret seed in the clear.
    for (const QString& file : test::filesUnder(dir.path())) {
        const QByteArray bytes = test::readFile(file);
        INFO(file.toStdString());
        CHECK_FALSE(bytes.contains(signingSeed));
        CHECK_FALSE(bytes.contains(staticSecret));
    }

    auto unlocked = unlock(dir.path());
    CHECK(unlocked->identity().publicIdentity().signingKey == signingKey);
    CHECK(raw(unlocked->identity().staticSecret()) == staticSecret);
    unlocked.reset();

    REQUIRE(Profile::changePassphrase(dir.path(), test::secret(test::kPassphrase),
        test::secret(test::kOtherPassphrase), test::fastOptions())
                .ok());
    auto afterChange = unlock(dir.path(), test::kOtherPassphrase);
    CHECK(afterChange->identity().publicIdentity().signingKey == signingKey);
    CHECK_FALSE(auditEvents(*afterChange).contains(QStringLiteral("device.keys_created")));
}

TEST_CASE("A profile made before device identities gets one at its next unlock, once", "[identity][profile]")
{
    QTemporaryDir dir;
    test::createProfile(dir.path(), test::fastOptions()).reset();
    const ProfilePaths paths { dir.path() };

    // Rewrite the vault as the first version of Ward wrote it: the database key and nothing else.
    {
        auto vault = Vault::read(paths.vault());
        REQUIRE(vault.ok());
        auto databaseKey = Vault::openDatabaseKey(vault.value(), test::secret(test::kPassphrase));
        REQUIRE(databaseKey.ok());
        VaultSecrets secrets;
        secrets.emplace(QString::fromLatin1(kDatabaseKeyName), std::move(databaseKey).value());
        auto old = Vault::create(test::secret(test::kPassphrase), secrets, vault->header().kdf,
            vault->header().cipher, vault->header().createdAtMs);
        REQUIRE(old.ok());
        REQUIRE(old->sealedKeys().size() == 1);
        REQUIRE(Vault::write(paths.vault(), old.value()).ok());
    }

    QByteArray signingKey;
    {
        auto session = unlock(dir.path());
        REQUIRE(session->identity().publicIdentity().verify().ok());
        signingKey = session->identity().publicIdentity().signingKey;
        CHECK(auditEvents(*session).count(QStringLiteral("device.keys_created")) == 1);
    }
    auto vault = Vault::read(paths.vault());
    REQUIRE(vault.ok());
    CHECK(vault->sealedKeys().size() == 3);

    auto again = unlock(dir.path());
    CHECK(again->identity().publicIdentity().signingKey == signingKey);
    CHECK(auditEvents(*again).count(QStringLiteral("device.keys_created")) == 1);
}

TEST_CASE("An identity key sealed under another name is a damaged vault, and the profile stays locked",
    "[identity][profile]")
{
    QTemporaryDir dir;
    test::createProfile(dir.path(), test::fastOptions()).reset();
    const ProfilePaths paths { dir.path() };
    auto vault = Vault::read(paths.vault());
    REQUIRE(vault.ok());
    // Swapping two sealed keys keeps every byte genuine, but each is bound to its own name.
    VaultFile swapped = vault.value();
    const auto& keys = vault->sealedKeys();
    swapped.setSealedKey(
        QString::fromLatin1(kIdentitySigningKeyName), keys.at(QString::fromLatin1(kIdentityStaticKeyName)));
    swapped.setSealedKey(
        QString::fromLatin1(kIdentityStaticKeyName), keys.at(QString::fromLatin1(kIdentitySigningKeyName)));
    REQUIRE(Vault::write(paths.vault(), swapped).ok());
    const QByteArray before = test::fileHash(paths.vault());

    auto session = Profile::unlock(dir.path(), test::secret(test::kPassphrase));
    REQUIRE_FALSE(session.ok());
    CHECK(session.error().code == ErrorCode::Corrupt);
    CHECK(session.error().message.contains(QStringLiteral("identity.")));
    CHECK(test::fileHash(paths.vault()) == before);
}
