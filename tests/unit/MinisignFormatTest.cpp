// The minisign text formats from the hostile side: every kind of malformed line is refused with its own
// reason, line endings and size limits behave as documented, and big files are streamed. Signatures for
// files of chosen sizes come from a key pair made here, signed the way minisign signs.
#include "TestSupport.h"
#include "Vectors.h"

#include "crypto/Sodium.h"
#include "crypto/minisign/MinisignVerifier.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <sodium.h>

using namespace ward;
using namespace ward::crypto;

namespace {

const QString kLegacySig = QStringLiteral("minisign/test.txt.legacy.minisig");
const QString kPrehashedSig = QStringLiteral("minisign/test.txt.prehashed.minisig");
const QByteArray kVectorKey = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";

MinisignFailure signatureFailure(const QByteArray& text)
{
    MinisignFailure failure = MinisignFailure::None;
    auto signature = MinisignSignature::parse(text, &failure);
    if (!signature) {
        CHECK_FALSE(signature.error().message.isEmpty());
    }
    return failure;
}

MinisignFailure keyFailure(const QByteArray& text)
{
    MinisignFailure failure = MinisignFailure::None;
    auto key = MinisignPublicKey::parse(text, &failure);
    if (!key) {
        CHECK_FALSE(key.error().message.isEmpty());
    }
    return failure;
}

QList<QByteArray> vectorLines(const QString& name)
{
    QList<QByteArray> lines = test::vectorFile(name).split('\n');
    REQUIRE(lines.size() == 5);
    REQUIRE(lines.last().isEmpty());
    lines.removeLast();
    return lines;
}

QByteArray joined(const QList<QByteArray>& lines)
{
    return lines.join('\n') + '\n';
}

// A minisign key pair made for the test, signing as minisign does (prehashed or legacy).
class TestSigner {
public:
    TestSigner()
        : m_secret(crypto_sign_SECRETKEYBYTES)
    {
        ensureSodium();
        m_public.resize(crypto_sign_PUBLICKEYBYTES);
        crypto_sign_keypair(reinterpret_cast<unsigned char*>(m_public.data()), m_secret.data());
        m_keyId.resize(8);
        randombytes_buf(m_keyId.data(), 8);
    }

    MinisignPublicKey publicKey() const
    {
        auto key = MinisignPublicKey::parse(("Ed" + m_keyId + m_public).toBase64());
        REQUIRE(key.ok());
        return std::move(key).value();
    }

    QByteArray sign(const QByteArray& content, bool prehashed, const QByteArray& trusted) const
    {
        QByteArray message = content;
        if (prehashed) {
            message.resize(crypto_generichash_BYTES_MAX);
            crypto_generichash(reinterpret_cast<unsigned char*>(message.data()), crypto_generichash_BYTES_MAX,
                reinterpret_cast<const unsigned char*>(content.constData()),
                static_cast<unsigned long long>(content.size()), nullptr, 0);
        }
        const QByteArray signature = detached(message);
        const QByteArray global = detached(signature + trusted);
        return "untrusted comment: test\n"
            + (QByteArray(prehashed ? "ED" : "Ed") + m_keyId + signature).toBase64()
            + "\ntrusted comment: " + trusted + '\n' + global.toBase64() + '\n';
    }

private:
    QByteArray detached(const QByteArray& message) const
    {
        QByteArray signature(crypto_sign_BYTES, Qt::Uninitialized);
        crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
            reinterpret_cast<const unsigned char*>(message.constData()),
            static_cast<unsigned long long>(message.size()), m_secret.data());
        return signature;
    }

    SecretBytes m_secret;
    QByteArray m_public;
    QByteArray m_keyId;
};

QByteArray patterned(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i) {
        bytes[i] = static_cast<char>((i * 131 + i / 977) & 0xff);
    }
    return bytes;
}

} // namespace

TEST_CASE("Malformed minisign signature lines are refused, each with its reason", "[minisign]")
{
    const QList<QByteArray> good = vectorLines(kPrehashedSig);
    REQUIRE(signatureFailure(joined(good)) == MinisignFailure::None);
    const auto with = [&](int line, const QByteArray& text) {
        QList<QByteArray> lines = good;
        lines[line] = text;
        return joined(lines);
    };

    SECTION("missing prefixes")
    {
        CHECK(signatureFailure(with(0, good[0].mid(2))) == MinisignFailure::MissingPrefix);
        CHECK(signatureFailure(with(0, "untrusted comment:no space")) == MinisignFailure::MissingPrefix);
        CHECK(signatureFailure(with(2, good[2].mid(2))) == MinisignFailure::MissingPrefix);
        CHECK(signatureFailure(with(2, "Trusted comment: " + good[2].mid(17)))
            == MinisignFailure::MissingPrefix);
        CHECK(signatureFailure(with(2, good[0])) == MinisignFailure::MissingPrefix);
    }
    SECTION("bad base64")
    {
        CHECK(signatureFailure(with(1, good[1].left(10) + '!' + good[1].mid(11)))
            == MinisignFailure::BadBase64);
        CHECK(signatureFailure(with(1, good[1].chopped(1))) == MinisignFailure::BadBase64); // padding gone
        CHECK(signatureFailure(with(1, good[1] + ' ')) == MinisignFailure::BadBase64);
        CHECK(signatureFailure(with(1, ' ' + good[1])) == MinisignFailure::BadBase64);
        CHECK(signatureFailure(with(3, good[3].left(40) + '\t' + good[3].mid(40)))
            == MinisignFailure::BadBase64);
        // The character before the padding carries bits that decode to nothing; setting one of them must
        // not give a second text for the same signature.
        const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        QByteArray stray = good[1];
        REQUIRE(stray.endsWith('='));
        stray[stray.size() - 2] = alphabet.at(alphabet.indexOf(stray.at(stray.size() - 2)) ^ 1);
        CHECK(QByteArray::fromBase64(stray) == QByteArray::fromBase64(good[1]));
        CHECK(signatureFailure(with(1, stray)) == MinisignFailure::BadBase64);
    }
    SECTION("wrong lengths")
    {
        const QByteArray signatureLine = QByteArray::fromBase64(good[1]);
        const QByteArray global = QByteArray::fromBase64(good[3]);
        REQUIRE(signatureLine.size() == 74);
        REQUIRE(global.size() == 64);
        CHECK(signatureFailure(with(1, signatureLine.chopped(1).toBase64())) == MinisignFailure::WrongLength);
        CHECK(signatureFailure(with(1, (signatureLine + 'x').toBase64())) == MinisignFailure::WrongLength);
        CHECK(signatureFailure(with(1, QByteArray())) == MinisignFailure::WrongLength);
        CHECK(signatureFailure(with(3, global.chopped(1).toBase64())) == MinisignFailure::WrongLength);
        CHECK(signatureFailure(with(3, (global + global).toBase64())) == MinisignFailure::WrongLength);
        CHECK(signatureFailure(with(1, good[3])) == MinisignFailure::WrongLength); // lines swapped
    }
    SECTION("unknown algorithm")
    {
        for (const char* algorithm : { "ed", "EE", "\0\0", "Xd" }) {
            const QByteArray changed = QByteArray(algorithm, 2) + QByteArray::fromBase64(good[1]).mid(2);
            CHECK(signatureFailure(with(1, changed.toBase64())) == MinisignFailure::UnknownAlgorithm);
        }
    }
    SECTION("too many or too few lines")
    {
        CHECK(signatureFailure(joined(good) + "extra\n") == MinisignFailure::LineCount);
        CHECK(signatureFailure(joined(good) + '\n') == MinisignFailure::LineCount);
        CHECK(signatureFailure(joined(good) + "\r\n") == MinisignFailure::LineCount);
        CHECK(signatureFailure(joined(good.mid(0, 3))) == MinisignFailure::LineCount);
        CHECK(signatureFailure('\n' + joined(good)) == MinisignFailure::LineCount);
        CHECK(signatureFailure(QByteArray()) == MinisignFailure::LineCount);
        CHECK(signatureFailure("\n") == MinisignFailure::LineCount);
        // A line break inside the trusted comment makes a fifth line.
        CHECK(signatureFailure(with(2, good[2] + "\nmore")) == MinisignFailure::LineCount);
    }
    SECTION("too large")
    {
        const QByteArray huge = with(0, "untrusted comment: " + QByteArray(kMinisignMaxSignatureBytes, 'x'));
        CHECK(signatureFailure(huge) == MinisignFailure::TooLarge);
        // minisign's longest trusted comment (8192 bytes) still parses; it just is not what was signed.
        CHECK(
            signatureFailure(with(2, "trusted comment: " + QByteArray(8192, 'y'))) == MinisignFailure::None);
    }
}

TEST_CASE("minisign signatures with CRLF or no final line ending verify the same", "[minisign]")
{
    auto key = MinisignPublicKey::parse(kVectorKey);
    REQUIRE(key.ok());
    MinisignOptions options;
    options.allowLegacy = true;
    const MinisignVerifier verifier(key.value(), options);
    for (const QString& name : { kLegacySig, kPrehashedSig }) {
        INFO(name.toStdString());
        const QByteArray lf = test::vectorFile(name);
        QByteArray crlf = lf;
        crlf.replace("\n", "\r\n");
        for (const QByteArray& text : { lf, crlf, lf.chopped(1), crlf.chopped(2), lf.chopped(1) + "\r\n" }) {
            auto signature = MinisignSignature::parse(text);
            REQUIRE(signature.ok());
            CHECK_FALSE(signature->trustedComment().contains('\r'));
            CHECK(signature->serialize() == lf);
            auto comment = verifier.verifyBytes("test", signature.value());
            REQUIRE(comment.ok());
            CHECK(comment->startsWith(QLatin1String("timestamp:")));
            CHECK_FALSE(comment->endsWith(QLatin1Char('\r')));
        }
    }
}

TEST_CASE("Malformed minisign public keys are refused, each with its reason", "[minisign]")
{
    const QByteArray fileText = test::vectorFile(QStringLiteral("minisign/minisign-test.pub"));
    REQUIRE(keyFailure(fileText) == MinisignFailure::None);
    QByteArray crlf = fileText;
    crlf.replace("\n", "\r\n");
    CHECK(keyFailure(crlf) == MinisignFailure::None);

    const QByteArray decoded = QByteArray::fromBase64(kVectorKey);
    REQUIRE(decoded.size() == 42);
    CHECK(keyFailure(decoded.chopped(1).toBase64()) == MinisignFailure::WrongLength);
    CHECK(keyFailure((decoded + 'x').toBase64()) == MinisignFailure::WrongLength);
    CHECK(keyFailure(("ED" + decoded.mid(2)).toBase64()) == MinisignFailure::UnknownAlgorithm);
    CHECK(keyFailure(kVectorKey.chopped(1) + '*') == MinisignFailure::BadBase64);
    CHECK(keyFailure("") == MinisignFailure::WrongLength);
    CHECK(keyFailure("untrusted comment: no key\n") == MinisignFailure::LineCount);
    CHECK(keyFailure(fileText + "extra\n") == MinisignFailure::LineCount);
    CHECK(keyFailure("comment: x\n" + kVectorKey + '\n') == MinisignFailure::MissingPrefix);
    CHECK(keyFailure("untrusted comment: x\n" + kVectorKey + " \n") == MinisignFailure::BadBase64);
    CHECK(keyFailure("untrusted comment: " + QByteArray(kMinisignMaxPublicKeyBytes, 'z') + '\n' + kVectorKey)
        == MinisignFailure::TooLarge);

    QTemporaryDir dir;
    const QString big = dir.filePath(QStringLiteral("big.pub"));
    test::writeFile(big, QByteArray(qsizetype { 10 } * 1024 * 1024, 'A'));
    MinisignFailure failure = MinisignFailure::None;
    auto tooLarge = MinisignPublicKey::readFile(big, &failure);
    REQUIRE_FALSE(tooLarge.ok());
    CHECK(failure == MinisignFailure::TooLarge);
    CHECK(tooLarge.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("Prehashed minisign signatures stream files of any size", "[minisign]")
{
    const TestSigner signer;
    const MinisignVerifier verifier(signer.publicKey());
    QTemporaryDir dir;
    // Sizes around the 64 KiB read chunk, and one of several megabytes.
    for (const qsizetype size : { qsizetype { 0 }, qsizetype { 1 }, qsizetype { 65535 }, qsizetype { 65536 },
             qsizetype { 65537 }, qsizetype { 5 * 1024 * 1024 + 3 } }) {
        INFO("size " << size);
        const QByteArray content = patterned(size);
        const QString path = dir.filePath(QStringLiteral("file-%1").arg(size));
        test::writeFile(path, content);
        auto signature
            = MinisignSignature::parse(signer.sign(content, true, "file:" + QByteArray::number(size)));
        REQUIRE(signature.ok());
        auto comment = verifier.verifyFile(path, signature.value());
        INFO((comment ? QString() : comment.error().message).toStdString());
        REQUIRE(comment.ok());
        CHECK(*comment == QStringLiteral("file:%1").arg(size));

        if (size > 0) {
            QByteArray changed = content;
            changed[size - 1] = static_cast<char>(changed[size - 1] ^ 0x80);
            test::writeFile(path, changed);
            MinisignFailure failure = MinisignFailure::None;
            CHECK_FALSE(verifier.verifyFile(path, signature.value(), &failure).ok());
            CHECK(failure == MinisignFailure::BadSignature);
        }
    }
}

TEST_CASE("Legacy minisign signatures are refused above the size limit with advice", "[minisign]")
{
    const TestSigner signer;
    const QByteArray content = patterned(100'000);
    auto signature = MinisignSignature::parse(signer.sign(content, false, "legacy"));
    REQUIRE(signature.ok());
    REQUIRE(signature->algorithm() == MinisignAlgorithm::Legacy);

    MinisignOptions options;
    options.allowLegacy = true;
    options.maxLegacyBytes = content.size();
    CHECK(MinisignVerifier(signer.publicKey(), options).verifyBytes(content, signature.value()).ok());

    options.maxLegacyBytes = content.size() - 1;
    MinisignFailure failure = MinisignFailure::None;
    auto refused
        = MinisignVerifier(signer.publicKey(), options).verifyBytes(content, signature.value(), &failure);
    REQUIRE_FALSE(refused.ok());
    CHECK(failure == MinisignFailure::TooLarge);
    CHECK(refused.error().message.contains(QLatin1String("prehashed")));

    // The documented default, shown in the message in a unit a person reads.
    CHECK(kMinisignMaxLegacyBytes == qint64 { 1024 } * 1024 * 1024);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sparse"));
    QFile sparse(path);
    REQUIRE(sparse.open(QIODevice::WriteOnly));
    REQUIRE(sparse.resize(kMinisignMaxLegacyBytes + 1)); // sparse: no gigabyte written or read
    sparse.close();
    options.maxLegacyBytes = kMinisignMaxLegacyBytes;
    auto huge = MinisignVerifier(signer.publicKey(), options).verifyFile(path, signature.value(), &failure);
    REQUIRE_FALSE(huge.ok());
    CHECK(failure == MinisignFailure::TooLarge);
    CHECK(huge.error().message.contains(QLatin1String("1 GiB")));
}
