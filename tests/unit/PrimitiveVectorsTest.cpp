// The primitives under Ward's encryption checked against published vectors: HChaCha20, XChaCha20 and
// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 and libsodium's own tests, the AEAD through Ward's Aead),
// and Argon2id through libsodium (the PHC reference and libsodium's tests) for every vector libsodium can
// express. Then property tests: aeadSeal/aeadOpen round trips of random sizes, and any flipped bit refused.
#include "TestSupport.h"
#include "Vectors.h"

#include "crypto/Aead.h"
#include "crypto/Sodium.h"

#include <QJsonArray>

#include <catch2/catch.hpp>

#include <sodium.h>

using namespace ward;
using namespace ward::crypto;
using ward::test::hexField;

namespace {

const QString kXChaCha = QStringLiteral("xchacha20-poly1305.json");
const QString kArgon2 = QStringLiteral("argon2id.json");

unsigned char* bytes(QByteArray& a)
{
    return reinterpret_cast<unsigned char*>(a.data());
}

const unsigned char* bytes(const QByteArray& a)
{
    return reinterpret_cast<const unsigned char*>(a.constData());
}

SecretBytes secretOf(const QByteArray& a)
{
    return SecretBytes(bytes(a), static_cast<std::size_t>(a.size()));
}

QByteArray publicOf(const SecretBytes& s)
{
    return QByteArray(s.chars(), static_cast<qsizetype>(s.size()));
}

QByteArray hchacha20(const QByteArray& key, const QByteArray& input)
{
    REQUIRE(key.size() == crypto_core_hchacha20_KEYBYTES);
    REQUIRE(input.size() == crypto_core_hchacha20_INPUTBYTES);
    QByteArray out(crypto_core_hchacha20_OUTPUTBYTES, Qt::Uninitialized);
    REQUIRE(crypto_core_hchacha20(bytes(out), bytes(input), bytes(key), nullptr) == 0);
    return out;
}

// Checks one AEAD vector through Ward's Aead: sealing with the vector's nonce gives its ciphertext and tag,
// and opening gives the plaintext back.
void checkAead(const QByteArray& key, const QByteArray& nonce, const QByteArray& aad,
    const QByteArray& plaintext, const QByteArray& ciphertextAndTag)
{
    const SecretBytes secretKey = secretOf(key);
    auto sealed = aeadSealWithNonce(secretKey, nonce, secretOf(plaintext), aad);
    REQUIRE(sealed.ok());
    CHECK(sealed->nonce == nonce);
    CHECK(sealed->ciphertext.toHex() == ciphertextAndTag.toHex());
    auto opened = aeadOpen(secretKey, Sealed { nonce, ciphertextAndTag }, aad);
    REQUIRE(opened.ok());
    CHECK(publicOf(opened.value()) == plaintext);
}

} // namespace

TEST_CASE("HChaCha20 matches every published vector", "[vectors]")
{
    ensureSodium();
    const QJsonObject doc = test::vectorJson(kXChaCha);
    int checked = 0;

    const QJsonObject draft = doc.value(QStringLiteral("hchacha20_draft_2_2_1")).toObject();
    CHECK(hchacha20(hexField(draft, QStringLiteral("key")), hexField(draft, QStringLiteral("nonce")))
        == hexField(draft, QStringLiteral("subkey")));
    ++checked;

    for (const QJsonValue value : doc.value(QStringLiteral("hchacha20_libsodium")).toArray()) {
        const QJsonObject v = value.toObject();
        INFO("libsodium vector " << checked);
        CHECK(hchacha20(hexField(v, QStringLiteral("key")), hexField(v, QStringLiteral("input")))
            == hexField(v, QStringLiteral("output")));
        ++checked;
    }
    CHECK(checked == 11);
}

TEST_CASE("Ward's XChaCha20-Poly1305 matches the published AEAD vectors", "[vectors][aead]")
{
    ensureSodium();
    const QJsonObject doc = test::vectorJson(kXChaCha);
    int checked = 0;

    SECTION("draft-irtf-cfrg-xchacha-03 A.3.1")
    {
        const QJsonObject v = doc.value(QStringLiteral("aead_xchacha20_poly1305_draft_A_3_1")).toObject();
        const QByteArray key = hexField(v, QStringLiteral("key"));
        const QByteArray iv = hexField(v, QStringLiteral("iv"));
        const QByteArray plaintext = hexField(v, QStringLiteral("plaintext"));
        CHECK(plaintext == v.value(QStringLiteral("plaintext_ascii")).toString().toLatin1());
        checkAead(key, iv, hexField(v, QStringLiteral("aad")), plaintext,
            hexField(v, QStringLiteral("ciphertext")) + hexField(v, QStringLiteral("tag")));

        // The draft's intermediate: the Poly1305 key is the first block of ChaCha20 under the HChaCha20
        // subkey, with the fixed 32-bit prefix and the last 8 bytes of the nonce.
        const QByteArray subkey = hchacha20(key, iv.left(16));
        const QByteArray chachaNonce = hexField(v, QStringLiteral("fixed_common_part_32bit")) + iv.mid(16);
        QByteArray block(32, Qt::Uninitialized);
        REQUIRE(crypto_stream_chacha20_ietf(bytes(block), 32, bytes(chachaNonce), bytes(subkey)) == 0);
        CHECK(block == hexField(v, QStringLiteral("poly1305_key")));
        ++checked;
    }
    SECTION("libsodium known answers, with and without associated data")
    {
        for (const QJsonValue value :
            doc.value(QStringLiteral("aead_xchacha20_poly1305_ietf_libsodium_kat")).toArray()) {
            const QJsonObject v = value.toObject();
            INFO(v.value(QStringLiteral("note")).toString().toStdString());
            checkAead(hexField(v, QStringLiteral("key")), hexField(v, QStringLiteral("nonce")),
                hexField(v, QStringLiteral("aad")), hexField(v, QStringLiteral("plaintext")),
                hexField(v, QStringLiteral("ciphertext_and_tag")));
            ++checked;
        }
        CHECK(checked == 2);
    }
    SECTION("a chosen nonce must have the right size")
    {
        const SecretBytes key = SecretBytes::random(kAeadKeyBytes);
        for (const qsizetype size : { 0, 12, 23, 25 }) {
            auto sealed = aeadSealWithNonce(key, QByteArray(size, 'n'), SecretBytes(4), {});
            REQUIRE_FALSE(sealed.ok());
            CHECK(sealed.error().code == ErrorCode::InvalidArgument);
        }
        auto wrongKey
            = aeadSealWithNonce(SecretBytes(16), QByteArray(kAeadNonceBytes, 'n'), SecretBytes(4), {});
        REQUIRE_FALSE(wrongKey.ok());
        CHECK(wrongKey.error().code == ErrorCode::InvalidArgument);
        ++checked;
    }
    CHECK(checked > 0);
}

TEST_CASE("XChaCha20 matches the draft's stream vectors", "[vectors]")
{
    ensureSodium();
    const QJsonArray vectors
        = test::vectorJson(kXChaCha).value(QStringLiteral("xchacha20_stream_draft_A_3_2")).toArray();
    REQUIRE(vectors.size() == 2);
    for (const QJsonValue value : vectors) {
        const QJsonObject v = value.toObject();
        INFO(v.value(QStringLiteral("section")).toString().toStdString());
        const QByteArray key = hexField(v, QStringLiteral("key"));
        const QByteArray iv = hexField(v, QStringLiteral("iv"));
        const QByteArray plaintext = hexField(v, QStringLiteral("plaintext"));
        const QByteArray keystream = hexField(v, QStringLiteral("keystream"));
        const QByteArray expected = hexField(v, QStringLiteral("ciphertext"));
        const auto counter = static_cast<std::uint64_t>(v.value(QStringLiteral("counter")).toInteger(-1));
        REQUIRE(key.size() == crypto_stream_xchacha20_KEYBYTES);
        REQUIRE(iv.size() == crypto_stream_xchacha20_NONCEBYTES);
        REQUIRE(keystream.size() == plaintext.size());

        QByteArray ciphertext(plaintext.size(), Qt::Uninitialized);
        REQUIRE(crypto_stream_xchacha20_xor_ic(bytes(ciphertext), bytes(plaintext),
                    static_cast<unsigned long long>(plaintext.size()), bytes(iv), counter, bytes(key))
            == 0);
        CHECK(ciphertext.toHex() == expected.toHex());

        QByteArray stream(plaintext.size(), '\0');
        REQUIRE(crypto_stream_xchacha20_xor_ic(bytes(stream), bytes(stream),
                    static_cast<unsigned long long>(stream.size()), bytes(iv), counter, bytes(key))
            == 0);
        CHECK(stream.toHex() == keystream.toHex());

        if (counter == 0) {
            QByteArray plain(plaintext.size(), Qt::Uninitialized);
            REQUIRE(crypto_stream_xchacha20_xor(bytes(plain), bytes(plaintext),
                        static_cast<unsigned long long>(plaintext.size()), bytes(iv), bytes(key))
                == 0);
            CHECK(plain == expected);
        }
    }
}

TEST_CASE("Argon2id through crypto_pwhash matches every vector libsodium can express", "[vectors][argon2]")
{
    ensureSodium();
    const QJsonObject doc = test::vectorJson(kArgon2);
    // crypto_pwhash takes a 16-byte salt, one lane and version 0x13, and no secret or associated data.
    QStringList skipped;

    const QJsonObject rfc = doc.value(QStringLiteral("rfc9106_section_5_3_argon2id")).toObject();
    REQUIRE(rfc.contains(QStringLiteral("secret")));
    REQUIRE(rfc.contains(QStringLiteral("associated_data")));
    skipped << QStringLiteral("RFC 9106 5.3: has a secret, associated data and 4 lanes");
    REQUIRE(doc.contains(QStringLiteral("argon2id_version_0x10_same_inputs")));
    skipped << QStringLiteral("version 0x10: libsodium implements 0x13 only");
    for (const QJsonValue value : doc.value(QStringLiteral("phc_reference_no_secret_no_ad"))
                                      .toObject()
                                      .value(QStringLiteral("vectors"))
                                      .toArray()) {
        const QByteArray salt = value.toObject().value(QStringLiteral("salt")).toString().toLatin1();
        REQUIRE(salt.size() != crypto_pwhash_SALTBYTES);
        skipped << QStringLiteral("PHC reference: %1-byte salt (checked by its encoded string instead)")
                       .arg(salt.size());
    }

    int ran = 0;
    const QJsonObject libsodium = doc.value(QStringLiteral("libsodium_crypto_pwhash_argon2id13")).toObject();
    for (const QString& group : { QStringLiteral("tv"), QStringLiteral("tv2") }) {
        for (const QJsonValue value : libsodium.value(group).toArray()) {
            const QJsonObject v = value.toObject();
            INFO(group.toStdString() << " vector " << ran);
            const QByteArray password = hexField(v, QStringLiteral("passwd_hex"));
            const QByteArray salt = hexField(v, QStringLiteral("salt_effective_16"));
            REQUIRE(password.size() == v.value(QStringLiteral("passwd_len")).toInt());
            REQUIRE(salt.size() == crypto_pwhash_SALTBYTES);
            REQUIRE(hexField(v, QStringLiteral("salt_hex_in_source")).startsWith(salt));
            REQUIRE(v.value(QStringLiteral("lanes")).toInt() == 1);
            const auto ops = static_cast<unsigned long long>(v.value(QStringLiteral("opslimit")).toInteger());
            const auto mem = static_cast<std::size_t>(v.value(QStringLiteral("memlimit_bytes")).toInteger());
            CHECK(
                mem / 1024 == static_cast<std::size_t>(v.value(QStringLiteral("memlimit_kib")).toInteger()));
            QByteArray out(v.value(QStringLiteral("outlen")).toInt(), Qt::Uninitialized);
            const int rc = crypto_pwhash(bytes(out), static_cast<unsigned long long>(out.size()),
                password.constData(), static_cast<unsigned long long>(password.size()), bytes(salt), ops, mem,
                crypto_pwhash_ALG_ARGON2ID13);
            if (v.value(QStringLiteral("expected")).toString() == QStringLiteral("failure")) {
                CHECK(rc != 0); // an output shorter than crypto_pwhash_BYTES_MIN
            } else {
                REQUIRE(rc == 0);
                CHECK(out.toHex() == hexField(v, QStringLiteral("expected_hex")).toHex());
            }
            ++ran;
        }
    }
    INFO("skipped: " << skipped.join(QStringLiteral("; ")).toStdString());
    CHECK(skipped.size() == 10);
    CHECK(ran == 10);
}

TEST_CASE("Argon2id encoded strings verify through crypto_pwhash_str_verify", "[vectors][argon2]")
{
    ensureSodium();
    const QJsonObject doc = test::vectorJson(kArgon2);
    const auto verifies = [](const QByteArray& encoded, const QByteArray& password) {
        // libsodium declares the password pointer non-null even for an empty password.
        static const char kEmpty[1] = {};
        return crypto_pwhash_str_verify(encoded.constData(),
                   password.isEmpty() ? kEmpty : password.constData(),
                   static_cast<unsigned long long>(password.size()))
            == 0;
    };

    int ran = 0;
    int intentionalFailures = 0;
    for (const QJsonValue value : doc.value(QStringLiteral("libsodium_crypto_pwhash_str_verify"))
                                      .toObject()
                                      .value(QStringLiteral("vectors"))
                                      .toArray()) {
        const QJsonObject v = value.toObject();
        const QByteArray encoded = v.value(QStringLiteral("encoded")).toString().toLatin1();
        const QString expected = v.value(QStringLiteral("expected_verify")).toString();
        INFO(encoded.toStdString() << " -> " << expected.toStdString());
        REQUIRE((expected == QStringLiteral("ok") || expected == QStringLiteral("fail")));
        CHECK(verifies(encoded, v.value(QStringLiteral("password")).toString().toUtf8())
            == (expected == QStringLiteral("ok")));
        intentionalFailures += expected == QStringLiteral("fail") ? 1 : 0;
        ++ran;
    }
    CHECK(intentionalFailures == 3);

    // The PHC reference hashes have 8-byte salts, which crypto_pwhash cannot take but its verifier can.
    for (const QJsonValue value : doc.value(QStringLiteral("phc_reference_no_secret_no_ad"))
                                      .toObject()
                                      .value(QStringLiteral("vectors"))
                                      .toArray()) {
        const QJsonObject v = value.toObject();
        const QByteArray encoded = v.value(QStringLiteral("encoded")).toString().toLatin1();
        const QByteArray password = v.value(QStringLiteral("password")).toString().toLatin1();
        INFO(encoded.toStdString());
        // The encoded string carries the same parameters, salt and hash as the vector's fields.
        const QList<QByteArray> fields = encoded.split('$');
        REQUIRE(fields.size() == 6);
        CHECK(fields[3]
            == QStringLiteral("m=%1,t=%2,p=%3")
                   .arg(v.value(QStringLiteral("m_cost_kib")).toInt())
                   .arg(v.value(QStringLiteral("t_cost")).toInt())
                   .arg(v.value(QStringLiteral("parallelism")).toInt())
                   .toLatin1());
        CHECK(QByteArray::fromBase64(fields[4]) == v.value(QStringLiteral("salt")).toString().toLatin1());
        CHECK(QByteArray::fromBase64(fields[5]) == hexField(v, QStringLiteral("hash_hex")));
        CHECK(verifies(encoded, password));
        if (v.value(QStringLiteral("m_cost_kib")).toInt() <= 256) { // cheap enough to run twice
            CHECK_FALSE(verifies(encoded, password + '!'));
        }
        ++ran;
    }
    CHECK(ran == 14);
}

TEST_CASE("aeadSeal and aeadOpen round trip any size and refuse every flipped bit", "[vectors][aead]")
{
    ensureSodium();
    enum Part { Nonce, Ciphertext, Tag, AssociatedData, PartCount };
    int corrupted[PartCount] = {};

    for (int round = 0; round < 300; ++round) {
        // Sizes spread over 0..4096, with the edges always included.
        const std::size_t size = round == 0 ? 0 : round == 1 ? 4096 : randombytes_uniform(4097);
        const std::size_t adSize = randombytes_uniform(65);
        const SecretBytes key = SecretBytes::random(kAeadKeyBytes);
        const SecretBytes plaintext = SecretBytes::random(size);
        QByteArray ad(static_cast<qsizetype>(adSize), Qt::Uninitialized);
        randombytes_buf(ad.data(), adSize);
        INFO("round " << round << ", size " << size << ", associated data " << adSize);

        const Sealed sealed = aeadSeal(key, plaintext, ad);
        REQUIRE(static_cast<std::size_t>(sealed.ciphertext.size()) == size + kAeadTagBytes);
        auto opened = aeadOpen(key, sealed, ad);
        REQUIRE(opened.ok());
        CHECK(opened->equals(plaintext));

        for (int part = 0; part < PartCount; ++part) {
            Sealed bad = sealed;
            QByteArray badAd = ad;
            QByteArray* target = part == Nonce ? &bad.nonce
                : part == AssociatedData       ? &badAd
                                               : &bad.ciphertext;
            // The ciphertext body is everything before the tag, the tag the last 16 bytes.
            const std::size_t begin = part == Tag ? size : 0;
            const std::size_t end = part == Ciphertext ? size : static_cast<std::size_t>(target->size());
            if (end == begin) {
                continue; // nothing to corrupt: an empty plaintext or empty associated data
            }
            const std::size_t bit
                = begin * 8 + randombytes_uniform(static_cast<std::uint32_t>((end - begin) * 8));
            char& byte = (*target)[static_cast<qsizetype>(bit / 8)];
            byte = static_cast<char>(byte ^ (1 << (bit % 8)));
            INFO("part " << part << ", bit " << bit);
            auto refused = aeadOpen(key, bad, badAd);
            REQUIRE_FALSE(refused.ok());
            CHECK(refused.error().code == ErrorCode::Crypto);
            ++corrupted[part];
        }
        CHECK_FALSE(aeadOpen(SecretBytes::random(kAeadKeyBytes), sealed, ad).ok());
    }
    for (int part = 0; part < PartCount; ++part) {
        INFO("part " << part);
        CHECK(corrupted[part] > 200);
    }
}
