// minisign verification against the published vectors: the key and the three signatures parse to the
// documented fields and verify, the negative cases fail the way they should, and tampering with each part
// of a signed file (the file, the signature, the trusted comment, the key id) fails with its own reason.
#include "TestSupport.h"
#include "Vectors.h"

#include "crypto/minisign/MinisignVerifier.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::crypto;
using ward::test::hexField;

namespace {

const QString kVectors = QStringLiteral("minisign-vectors.json");

MinisignPublicKey vectorKey()
{
    auto key = MinisignPublicKey::readFile(test::vectorPath(QStringLiteral("minisign/minisign-test.pub")));
    REQUIRE(key.ok());
    return std::move(key).value();
}

MinisignSignature parsed(const QByteArray& text)
{
    MinisignFailure failure = MinisignFailure::None;
    auto signature = MinisignSignature::parse(text, &failure);
    INFO((signature ? QString() : signature.error().message).toStdString());
    REQUIRE(signature.ok());
    CHECK(failure == MinisignFailure::None);
    return std::move(signature).value();
}

MinisignOptions legacyAllowed()
{
    MinisignOptions options;
    options.allowLegacy = true;
    return options;
}

// Verifies and returns why it failed (None when it held); a failure must carry a message.
MinisignFailure verifyReason(
    const MinisignVerifier& verifier, const QByteArray& content, const QByteArray& sigText)
{
    MinisignFailure failure = MinisignFailure::None;
    auto signature = MinisignSignature::parse(sigText, &failure);
    if (!signature) {
        CHECK_FALSE(signature.error().message.isEmpty());
        return failure;
    }
    auto comment = verifier.verifyBytes(content, signature.value(), &failure);
    if (!comment) {
        CHECK_FALSE(comment.error().message.isEmpty());
        CHECK(failure != MinisignFailure::None);
    }
    return failure;
}

// The four lines of a signature file built from its parts, so that a test can change exactly one.
struct SignatureParts {
    QByteArray untrusted;
    QByteArray algorithm;
    QByteArray keyId;
    QByteArray signature;
    QByteArray trusted;
    QByteArray global;

    explicit SignatureParts(const MinisignSignature& s)
        : untrusted(s.untrustedComment())
        , algorithm(s.algorithm() == MinisignAlgorithm::Legacy ? "Ed" : "ED")
        , keyId(s.keyId())
        , signature(s.signature())
        , trusted(s.trustedComment())
        , global(s.globalSignature())
    { }

    QByteArray text() const
    {
        return "untrusted comment: " + untrusted + '\n' + (algorithm + keyId + signature).toBase64()
            + "\ntrusted comment: " + trusted + '\n' + global.toBase64() + '\n';
    }
};

QByteArray flipBit(QByteArray bytes, qsizetype bit)
{
    bytes[bit / 8] = static_cast<char>(bytes[bit / 8] ^ (1 << (bit % 8)));
    return bytes;
}

} // namespace

TEST_CASE("The minisign vector public key parses from its file and from bare base64", "[minisign][vectors]")
{
    const QJsonObject publicKey = test::vectorJson(kVectors).value(QStringLiteral("public_key")).toObject();
    const QJsonObject decoded = publicKey.value(QStringLiteral("decoded")).toObject();
    const QByteArray base64 = publicKey.value(QStringLiteral("base64")).toString().toLatin1();
    const QByteArray fileText = publicKey.value(QStringLiteral("file_text")).toString().toUtf8();
    REQUIRE(decoded.value(QStringLiteral("signature_algorithm")).toString() == QStringLiteral("Ed"));
    CHECK(test::vectorFile(QStringLiteral("minisign/minisign-test.pub")) == fileText);

    for (const QByteArray& text : { base64, fileText, base64 + '\n', "  " + base64 + "\r\n" }) {
        INFO(text.toStdString());
        auto key = MinisignPublicKey::parse(text);
        REQUIRE(key.ok());
        CHECK(key->keyId() == hexField(decoded, QStringLiteral("key_id_hex")));
        CHECK(key->key() == hexField(decoded, QStringLiteral("ed25519_public_key_hex")));
        CHECK(key->keyIdText() == QStringLiteral("E7620F1842B4E81F")); // as the .pub comment shows it
        CHECK(key->toBase64() == base64);
        auto again = MinisignPublicKey::parse(key->toFileText());
        REQUIRE(again.ok());
        CHECK(again->toBase64() == base64);
    }
}

TEST_CASE("Every minisign vector signature parses to its fields and verifies", "[minisign][vectors]")
{
    const QJsonObject vectors = test::vectorJson(kVectors);
    const QJsonArray signatures = vectors.value(QStringLiteral("signature_vectors")).toArray();
    REQUIRE(signatures.size() == 3);

    // "minisign/test.txt.legacy.minisig": "vector 1", and so on.
    QHash<int, QString> fileOfVector;
    const QJsonObject files = vectors.value(QStringLiteral("files_in_this_directory")).toObject();
    for (auto it = files.begin(); it != files.end(); ++it) {
        const auto match = QRegularExpression(QStringLiteral("^vector (\\d+)$")).match(it.value().toString());
        if (match.hasMatch()) {
            fileOfVector.insert(match.captured(1).toInt() - 1, it.key());
        }
    }
    REQUIRE(fileOfVector.size() == signatures.size());

    const MinisignVerifier verifier(vectorKey(), legacyAllowed());
    for (int i = 0; i < signatures.size(); ++i) {
        const QJsonObject v = signatures.at(i).toObject();
        INFO(v.value(QStringLiteral("name")).toString().toStdString());
        REQUIRE(v.value(QStringLiteral("expected")).toString() == QStringLiteral("valid"));
        const QByteArray text = v.value(QStringLiteral("minisig_text")).toString().toUtf8();
        const QByteArray message = hexField(v, QStringLiteral("message_hex"));
        const QByteArray trusted = v.value(QStringLiteral("trusted_comment")).toString().toUtf8();
        const QJsonObject decoded = v.value(QStringLiteral("decoded")).toObject();
        const bool legacy = v.value(QStringLiteral("mode")).toString() == QStringLiteral("legacy");

        const MinisignSignature signature = parsed(text);
        CHECK(signature.algorithm() == (legacy ? MinisignAlgorithm::Legacy : MinisignAlgorithm::Prehashed));
        CHECK(QString::fromLatin1(decoded.value(QStringLiteral("signature_algorithm")).toString().toLatin1())
            == QLatin1String(legacy ? "Ed" : "ED"));
        CHECK(signature.keyId() == hexField(decoded, QStringLiteral("key_id_hex")));
        CHECK(signature.signature() == hexField(decoded, QStringLiteral("signature_hex")));
        CHECK(signature.globalSignature() == hexField(v, QStringLiteral("global_signature_hex")));
        CHECK(signature.trustedComment() == trusted);
        CHECK(
            signature.untrustedComment() == v.value(QStringLiteral("untrusted_comment")).toString().toUtf8());
        CHECK(signature.serialize() == text);

        auto comment = verifier.verifyBytes(message, signature);
        INFO((comment ? QString() : comment.error().message).toStdString());
        REQUIRE(comment.ok());
        CHECK(*comment == QString::fromUtf8(trusted));
        CHECK(comment->contains(QLatin1Char('\t')));

        // The same vector as files on disk, as wardctl reads them.
        const QString sigPath = test::vectorPath(fileOfVector.value(i));
        CHECK(test::vectorFile(fileOfVector.value(i)) == text);
        auto fromFile = MinisignSignature::readFile(sigPath);
        REQUIRE(fromFile.ok());
        auto fileComment
            = verifier.verifyFile(test::vectorPath(QStringLiteral("minisign/test.txt")), fromFile.value());
        REQUIRE(fileComment.ok());
        CHECK(*fileComment == QString::fromUtf8(trusted));
    }
}

TEST_CASE("The minisign negative vectors fail as documented", "[minisign][vectors]")
{
    const QJsonObject vectors = test::vectorJson(kVectors);
    const QJsonObject legacyVector
        = vectors.value(QStringLiteral("signature_vectors")).toArray().at(0).toObject();
    REQUIRE(legacyVector.value(QStringLiteral("mode")).toString() == QStringLiteral("legacy"));
    const QByteArray legacyText = legacyVector.value(QStringLiteral("minisig_text")).toString().toUtf8();
    const QRegularExpression keyCase(QStringLiteral("^public key '([^']*)'$"));

    int handled = 0;
    for (const QJsonValue value : vectors.value(QStringLiteral("negative_vectors")).toArray()) {
        const QJsonObject v = value.toObject();
        const QString name = v.value(QStringLiteral("case")).toString();
        const QString expected = v.value(QStringLiteral("expected")).toString();
        INFO(name.toStdString() << " -> " << expected.toStdString());
        if (name.startsWith(QLatin1String("legacy signature with message 'Test'"))) {
            REQUIRE(expected == QStringLiteral("InvalidSignature"));
            const MinisignVerifier verifier(vectorKey(), legacyAllowed());
            CHECK(verifyReason(verifier, "Test", legacyText) == MinisignFailure::BadSignature);
            ++handled;
        } else if (name.startsWith(QLatin1String("legacy signature verified with allow_legacy=false"))) {
            REQUIRE(expected.startsWith(QLatin1String("rejected")));
            const MinisignVerifier strict(vectorKey()); // prehashed only is the default
            CHECK(verifyReason(strict, "test", legacyText) == MinisignFailure::LegacyRefused);
            ++handled;
        } else if (const auto match = keyCase.match(name); match.hasMatch()) {
            MinisignFailure failure = MinisignFailure::None;
            auto key = MinisignPublicKey::parse(match.captured(1).toLatin1(), &failure);
            if (expected == QStringLiteral("parse error")) {
                REQUIRE_FALSE(key.ok());
                CHECK(key.error().code == ErrorCode::Corrupt);
                CHECK(failure == MinisignFailure::BadBase64);
            } else {
                REQUIRE(expected == QStringLiteral("parses OK"));
                REQUIRE(key.ok());
                CHECK(key->toBase64() == match.captured(1).toLatin1());
            }
            ++handled;
        } else {
            FAIL("a negative vector this test does not know how to check");
        }
    }
    CHECK(handled == 4);
}

TEST_CASE("Tampering with any part of a minisign signed file fails with its own reason", "[minisign]")
{
    const QJsonArray signatures
        = test::vectorJson(kVectors).value(QStringLiteral("signature_vectors")).toArray();
    REQUIRE(signatures.size() == 3);
    const MinisignVerifier verifier(vectorKey(), legacyAllowed());
    const QJsonObject v = signatures.at(GENERATE(0, 1, 2)).toObject();
    INFO(v.value(QStringLiteral("name")).toString().toStdString());
    const QByteArray message = hexField(v, QStringLiteral("message_hex"));
    const MinisignSignature signature = parsed(v.value(QStringLiteral("minisig_text")).toString().toUtf8());
    const SignatureParts good(signature);
    REQUIRE(verifyReason(verifier, message, good.text()) == MinisignFailure::None);

    SECTION("the file")
    {
        CHECK(verifyReason(verifier, "tesT", good.text()) == MinisignFailure::BadSignature);
        CHECK(verifyReason(verifier, message + '\n', good.text()) == MinisignFailure::BadSignature);
        CHECK(verifyReason(verifier, message.chopped(1), good.text()) == MinisignFailure::BadSignature);
        CHECK(verifyReason(verifier, {}, good.text()) == MinisignFailure::BadSignature);
    }
    SECTION("the signature")
    {
        for (const qsizetype bit : { 0, 7, 255, 256, 511 }) {
            SignatureParts bad = good;
            bad.signature = flipBit(bad.signature, bit);
            INFO("bit " << bit);
            CHECK(verifyReason(verifier, message, bad.text()) == MinisignFailure::BadSignature);
        }
    }
    SECTION("the algorithm")
    {
        // A legacy signature read as prehashed and the other way round sign different messages.
        SignatureParts swapped = good;
        swapped.algorithm = swapped.algorithm == "Ed" ? "ED" : "Ed";
        CHECK(verifyReason(verifier, message, swapped.text()) == MinisignFailure::BadSignature);
        SignatureParts unknown = good;
        unknown.algorithm = "Ez";
        CHECK(verifyReason(verifier, message, unknown.text()) == MinisignFailure::UnknownAlgorithm);
    }
    SECTION("the trusted comment")
    {
        for (const QByteArray& comment : { good.trusted + ' ', good.trusted.chopped(1),
                 QByteArray("timestamp:1\tfile:test"), QByteArray() }) {
            SignatureParts bad = good;
            bad.trusted = comment;
            INFO(comment.toStdString());
            CHECK(verifyReason(verifier, message, bad.text()) == MinisignFailure::BadGlobalSignature);
        }
    }
    SECTION("the global signature")
    {
        SignatureParts bad = good;
        bad.global = flipBit(bad.global, 100);
        CHECK(verifyReason(verifier, message, bad.text()) == MinisignFailure::BadGlobalSignature);
    }
    SECTION("the untrusted comment does not matter")
    {
        SignatureParts changed = good;
        changed.untrusted = "anything at all";
        CHECK(verifyReason(verifier, message, changed.text()) == MinisignFailure::None);
    }
    SECTION("the key id")
    {
        SignatureParts bad = good;
        bad.keyId = flipBit(bad.keyId, 3);
        MinisignFailure failure = MinisignFailure::None;
        auto result = verifier.verifyBytes(message, parsed(bad.text()), &failure);
        REQUIRE_FALSE(result.ok());
        CHECK(failure == MinisignFailure::KeyIdMismatch);
        CHECK(result.error().code == ErrorCode::Crypto);
        CHECK(result.error().message.contains(MinisignPublicKey::keyIdText(bad.keyId)));
        CHECK(result.error().message.contains(QStringLiteral("E7620F1842B4E81F")));
    }
    SECTION("another public key")
    {
        auto other = MinisignPublicKey::parse("RWRzq51bKcS8oJvZ4xEm+nRvGYPdsNRD3ciFPu1YJEL8Bl/3daWaj72r");
        REQUIRE(other.ok());
        const MinisignVerifier wrongKey(other.value(), legacyAllowed());
        CHECK(verifyReason(wrongKey, message, good.text()) == MinisignFailure::KeyIdMismatch);
    }
}

TEST_CASE("minisign failures map to error codes a caller can act on", "[minisign]")
{
    const MinisignVerifier verifier(vectorKey(), legacyAllowed());
    const MinisignSignature legacy
        = parsed(test::vectorFile(QStringLiteral("minisign/test.txt.legacy.minisig")));

    auto bad = verifier.verifyBytes("Test", legacy);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::Crypto);

    auto refused = MinisignVerifier(vectorKey()).verifyBytes("test", legacy);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Unsafe);
    CHECK(refused.error().message.contains(QLatin1String("prehashed")));

    MinisignFailure failure = MinisignFailure::None;
    auto missing
        = verifier.verifyFile(test::vectorPath(QStringLiteral("minisign/no-such-file")), legacy, &failure);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::Io);
    CHECK(failure == MinisignFailure::Unreadable);

    auto directory = MinisignSignature::readFile(test::vectorPath(QStringLiteral("minisign")), &failure);
    REQUIRE_FALSE(directory.ok());
    CHECK(failure == MinisignFailure::Unreadable);

    // Every reason has its own name for logs.
    QSet<QString> names;
    for (int i = 0; i <= static_cast<int>(MinisignFailure::BadGlobalSignature); ++i) {
        names.insert(QString::fromLatin1(minisignFailureName(static_cast<MinisignFailure>(i))));
    }
    CHECK(names.size() == static_cast<int>(MinisignFailure::BadGlobalSignature) + 1);
}
