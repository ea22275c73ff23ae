// The hash, HMAC and HKDF base that Noise, packet keys and one-time passwords stand on. Expected values are
// the published ones: FIPS 180 examples for SHA-1/SHA-256, RFC 7693 Appendix A for BLAKE2b-512, RFC 2202
// (HMAC-SHA1), RFC 4231 (HMAC-SHA256/512) and RFC 5869 Appendix A test cases 1 to 3 (HKDF-SHA256).
#include "crypto/Hash.h"
#include "crypto/Hkdf.h"
#include "crypto/Hmac.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <catch2/catch.hpp>

using namespace ward::crypto;

namespace {

SecretBytes bytes(const QByteArray& raw)
{
    return SecretBytes(
        reinterpret_cast<const std::uint8_t*>(raw.constData()), static_cast<std::size_t>(raw.size()));
}

SecretBytes fromHex(const char* hex)
{
    return bytes(QByteArray::fromHex(hex));
}

std::string toHex(const SecretBytes& value)
{
    return QByteArray(value.chars(), static_cast<qsizetype>(value.size())).toHex().toStdString();
}

std::string digestHex(HashAlgorithm algorithm, const QByteArray& data)
{
    return publicHash(algorithm, data).toHex().toStdString();
}

std::string hmacHex(HashAlgorithm algorithm, const QByteArray& key, const QByteArray& data)
{
    return toHex(hmac(algorithm, bytes(key), reinterpret_cast<const std::uint8_t*>(data.constData()),
        static_cast<std::size_t>(data.size())));
}

} // namespace

TEST_CASE("SHA-1 matches the FIPS 180 examples, across block boundaries", "[hash]")
{
    CHECK(digestHex(HashAlgorithm::Sha1, "abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(digestHex(HashAlgorithm::Sha1, "") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(digestHex(HashAlgorithm::Sha1, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        == "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CHECK(digestHex(HashAlgorithm::Sha1, QByteArray(1'000'000, 'a'))
        == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_CASE("SHA-256 and BLAKE2b-512 give the published digests of \"abc\"", "[hash]")
{
    CHECK(digestHex(HashAlgorithm::Sha256, "abc")
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(digestHex(HashAlgorithm::Blake2b, "abc")
        == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
           "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST_CASE("Hashing in random pieces gives the same digest as hashing at once", "[hash]")
{
    auto* random = QRandomGenerator::global();
    for (const auto algorithm :
        { HashAlgorithm::Sha1, HashAlgorithm::Sha256, HashAlgorithm::Sha512, HashAlgorithm::Blake2b }) {
        for (int round = 0; round < 50; ++round) {
            QByteArray data(random->bounded(0, 700), Qt::Uninitialized);
            random->fillRange(reinterpret_cast<quint32*>(data.data()), data.size() / 4);
            Hasher pieces(algorithm);
            qsizetype at = 0;
            while (at < data.size()) {
                const qsizetype take = random->bounded(0, static_cast<int>(data.size() - at) + 1);
                pieces.update(data.mid(at, take));
                at += take;
            }
            const SecretBytes whole = hash(algorithm, reinterpret_cast<const std::uint8_t*>(data.constData()),
                static_cast<std::size_t>(data.size()));
            const SecretBytes piecewise = pieces.finish();
            REQUIRE(piecewise.size() == hashLength(algorithm));
            CHECK(piecewise.equals(whole));
        }
    }
}

TEST_CASE("HMAC-SHA1 matches RFC 2202, including a key longer than a block", "[hmac]")
{
    CHECK(hmacHex(HashAlgorithm::Sha1, QByteArray(20, '\x0b'), "Hi There")
        == "b617318655057264e28bc0b6fb378c8ef146be00");
    CHECK(hmacHex(HashAlgorithm::Sha1, QByteArray(80, '\xaa'),
              "Test Using Larger Than Block-Size Key - Hash Key First")
        == "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST_CASE("HMAC-SHA256 and HMAC-SHA512 match RFC 4231 test cases 1, 2 and 6", "[hmac]")
{
    const QByteArray longKey(131, '\xaa');
    const QByteArray longKeyData = "Test Using Larger Than Block-Size Key - Hash Key First";
    CHECK(hmacHex(HashAlgorithm::Sha256, QByteArray(20, '\x0b'), "Hi There")
        == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(hmacHex(HashAlgorithm::Sha256, "Jefe", "what do ya want for nothing?")
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hmacHex(HashAlgorithm::Sha256, longKey, longKeyData)
        == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(hmacHex(HashAlgorithm::Sha512, QByteArray(20, '\x0b'), "Hi There")
        == "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
           "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    CHECK(hmacHex(HashAlgorithm::Sha512, "Jefe", "what do ya want for nothing?")
        == "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
           "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    CHECK(hmacHex(HashAlgorithm::Sha512, longKey, longKeyData)
        == "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
           "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
}

TEST_CASE("Incremental HMAC equals one-shot HMAC", "[hmac]")
{
    const SecretBytes key = SecretBytes::random(40);
    const QByteArray data = "a message fed to the MAC in three pieces";
    Hmac pieces(HashAlgorithm::Blake2b, key);
    pieces.update(data.left(5));
    pieces.update(data.mid(5, 20));
    pieces.update(data.mid(25));
    const SecretBytes whole = hmac(HashAlgorithm::Blake2b, key,
        reinterpret_cast<const std::uint8_t*>(data.constData()), static_cast<std::size_t>(data.size()));
    CHECK(pieces.finish().equals(whole));
}

TEST_CASE("HKDF-SHA256 matches RFC 5869 test cases 1 to 3", "[hkdf]")
{
    SECTION("test case 1: basic")
    {
        auto okm = hkdf(HashAlgorithm::Sha256, fromHex("000102030405060708090a0b0c"),
            fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
            QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        REQUIRE(okm.ok());
        CHECK(toHex(okm.value())
            == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
        CHECK(toHex(hkdfExtract(HashAlgorithm::Sha256, fromHex("000102030405060708090a0b0c"),
                  fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b")))
            == "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    }
    SECTION("test case 2: long inputs and output")
    {
        QByteArray salt;
        QByteArray ikm;
        QByteArray info;
        for (int i = 0; i < 80; ++i) {
            ikm.append(static_cast<char>(i));
            salt.append(static_cast<char>(0x60 + i));
            info.append(static_cast<char>(0xb0 + i));
        }
        auto okm = hkdf(HashAlgorithm::Sha256, bytes(salt), bytes(ikm), info, 82);
        REQUIRE(okm.ok());
        CHECK(toHex(okm.value())
            == "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
               "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
               "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }
    SECTION("test case 3: empty salt and info")
    {
        auto okm = hkdf(HashAlgorithm::Sha256, SecretBytes(),
            fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), QByteArray(), 42);
        REQUIRE(okm.ok());
        CHECK(toHex(okm.value())
            == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }
}

TEST_CASE("HKDF refuses an output length it cannot produce", "[hkdf]")
{
    const SecretBytes prk = SecretBytes::random(32);
    CHECK_FALSE(hkdfExpand(HashAlgorithm::Sha256, prk, QByteArray(), 0).ok());
    CHECK_FALSE(hkdfExpand(HashAlgorithm::Sha256, prk, QByteArray(), 255 * 32 + 1).ok());
    auto longest = hkdfExpand(HashAlgorithm::Sha256, prk, QByteArray(), 255 * 32);
    REQUIRE(longest.ok());
    CHECK(longest->size() == 255 * 32);
}
