// Organisation key files: the seed sealed under Argon2id + XChaCha20-Poly1305. The passphrase opens the
// key and nothing else does; the file's use, public key and settings are bound to the seal; damaged files
// are refused with a plain reason. Also the Ed25519 key derivation against RFC 8032's first test vector.
#include "TestSupport.h"

#include "crypto/Argon2.h"
#include "crypto/credential/CanonicalCbor.h"
#include "crypto/credential/OrganisationFingerprint.h"
#include "crypto/credential/SigningKeyFile.h"

#include <QRegularExpression>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::credential;
using ward::test::secret;

namespace {

SigningKeyFile sealed(const SigningKey& key, KeyUse use)
{
    auto file = SigningKeyFile::seal(key, use, secret(test::kPassphrase), argon2InteractiveMinimum());
    REQUIRE(file.ok());
    return std::move(file).value();
}

} // namespace

TEST_CASE("Ed25519 keys come from their seed as RFC 8032 says", "[credential]")
{
    // RFC 8032 section 7.1, TEST 1.
    const QByteArray seed
        = QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    auto key = SigningKey::fromSeed(
        SecretBytes(reinterpret_cast<const std::uint8_t*>(seed.constData()), kSeedBytes));
    REQUIRE(key.ok());
    CHECK(key->publicKey().toHex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    CHECK(
        key->seed().equals(SecretBytes(reinterpret_cast<const std::uint8_t*>(seed.constData()), kSeedBytes)));
    CHECK_FALSE(SigningKey::fromSeed(SecretBytes(31)).ok());
}

TEST_CASE("A sealed key file opens with its passphrase to the same key", "[credential]")
{
    const SigningKey key = SigningKey::generate();
    const SigningKeyFile file = sealed(key, KeyUse::OrganisationRoot);
    auto parsed = SigningKeyFile::parse(file.serialize(), QStringLiteral("root.key"));
    REQUIRE(parsed.ok());
    CHECK(parsed->serialize() == file.serialize());
    CHECK(parsed->use() == KeyUse::OrganisationRoot);
    CHECK(parsed->publicKey() == key.publicKey());

    auto opened = parsed->open(secret(test::kPassphrase));
    REQUIRE(opened.ok());
    CHECK(opened->publicKey() == key.publicKey());
    const QByteArray body("body");
    CHECK(verifySignature(
        SignedKind::Credential, key.publicKey(), body, opened->sign(SignedKind::Credential, body)));

    auto wrong = parsed->open(secret(test::kOtherPassphrase));
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == ErrorCode::WrongPassphrase);
    CHECK(wrong.error().message.contains(QLatin1String("root key")));

    // The seed is not in the file in the clear.
    const SecretBytes seed = key.seed();
    const QByteArray seedBytes(seed.chars(), static_cast<qsizetype>(seed.size()));
    CHECK_FALSE(file.serialize().contains(seedBytes));
}

TEST_CASE("A key file's header cannot be changed without the seal noticing", "[credential]")
{
    const SigningKey key = SigningKey::generate();
    const QByteArray bytes = sealed(key, KeyUse::Issuing).serialize();

    SECTION("the recorded public key")
    {
        const qsizetype at = bytes.indexOf(key.publicKey());
        REQUIRE(at > 0);
        QByteArray changed = bytes;
        changed[at] = static_cast<char>(changed[at] ^ 1);
        auto file = SigningKeyFile::parse(changed, QStringLiteral("issuing.key"));
        REQUIRE(file.ok());
        CHECK(file->open(secret(test::kPassphrase)).error().code == ErrorCode::WrongPassphrase);
    }
    SECTION("the use: an issuing key passed off as the root")
    {
        QByteArray changed = bytes;
        // "use": "issuing" -> "use": "root" changes the length, so rebuild around it.
        changed.replace(QByteArray("\x67issuing", 8), QByteArray("\x64root", 5));
        auto file = SigningKeyFile::parse(changed, QStringLiteral("issuing.key"));
        REQUIRE(file.ok());
        CHECK(file->use() == KeyUse::OrganisationRoot);
        CHECK_FALSE(file->open(secret(test::kPassphrase)).ok());
    }
    SECTION("the Argon2id settings, lowered below the minimum")
    {
        auto file = SigningKeyFile::parse(bytes, QStringLiteral("issuing.key"));
        REQUIRE(file.ok());
        const QByteArray ops = QByteArray("\x63ops", 4);
        const qsizetype at = bytes.indexOf(ops) + ops.size();
        QByteArray changed = bytes;
        changed[at] = 0x01; // ops 2 -> 1
        auto weak = SigningKeyFile::parse(changed, QStringLiteral("issuing.key"));
        REQUIRE_FALSE(weak.ok());
        CHECK(weak.error().code == ErrorCode::Corrupt);
        CHECK(weak.error().message.contains(QLatin1String("issuing.key")));
    }
}

TEST_CASE("Damaged or foreign key files are refused with a plain reason", "[credential]")
{
    const QByteArray bytes = sealed(SigningKey::generate(), KeyUse::Issuing).serialize();
    const auto refused = [](const QByteArray& b, ErrorCode code) {
        auto file = SigningKeyFile::parse(b, QStringLiteral("k.key"));
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().code == code);
        CHECK(file.error().message.contains(QLatin1String("k.key")));
    };
    refused(QByteArray(), ErrorCode::Corrupt);
    refused(bytes + '\0', ErrorCode::Corrupt);
    refused(bytes.left(bytes.size() - 1), ErrorCode::Corrupt);
    refused(QByteArray(kMaxSigningKeyFileBytes + 1, '\xa8'), ErrorCode::Corrupt);
    QByteArray newer = bytes;
    REQUIRE(newer.left(3) == QByteArray::fromHex("a86176"));
    newer[3] = 0x02;
    refused(newer, ErrorCode::TooNew);
    QByteArray unknownUse = bytes;
    unknownUse.replace(QByteArray("issuing"), QByteArray("signing"));
    refused(unknownUse, ErrorCode::Corrupt);
}

TEST_CASE("The organisation fingerprint is sixteen groups of four hex digits", "[credential]")
{
    const QByteArray a = SigningKey::generate().publicKey();
    const QByteArray b = SigningKey::generate().publicKey();
    const QString fa = organisationFingerprint(a);
    CHECK(QRegularExpression(QStringLiteral("^[0-9a-f]{4}( [0-9a-f]{4}){15}$")).match(fa).hasMatch());
    CHECK(organisationFingerprint(a) == fa);
    CHECK(organisationFingerprint(b) != fa);
    CHECK(organisationFingerprint(a.left(31)).isEmpty());
}
