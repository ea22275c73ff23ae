#include "crypto/minisign/MinisignPublicKey.h"

#include "crypto/minisign/MinisignText.h"

#include <algorithm>

namespace ward::crypto {

namespace {

const QString kWhat = QStringLiteral("public key");
const QByteArray kCommentPrefix = QByteArrayLiteral("untrusted comment: ");
const QByteArray kAlgorithm = QByteArrayLiteral("Ed");
constexpr qsizetype kDecodedBytes = 2 + kMinisignKeyIdBytes + kMinisignPublicKeyBytes;

} // namespace

Result<MinisignPublicKey> MinisignPublicKey::parse(const QByteArray& text, MinisignFailure* failure)
{
    if (text.size() > kMinisignMaxPublicKeyBytes) {
        return minisignError(MinisignFailure::TooLarge,
            QStringLiteral("The public key is larger than %1 bytes, too large to be a minisign public key.")
                .arg(kMinisignMaxPublicKeyBytes),
            failure);
    }
    // The bare form is what people paste on a command line, so surrounding white space is forgiven there.
    const QByteArray trimmed = text.trimmed();
    if (!trimmed.contains('\n') && !trimmed.startsWith(kCommentPrefix.trimmed())) {
        return fromBase64Line(trimmed, 1, failure);
    }
    auto lines = minisign::splitLines(text, 2, kWhat, failure);
    if (!lines) {
        return lines.error();
    }
    if (auto comment = minisign::afterPrefix(lines->at(0), kCommentPrefix, 1, kWhat, failure); !comment) {
        return comment.error();
    }
    return fromBase64Line(lines->at(1), 2, failure);
}

Result<MinisignPublicKey> MinisignPublicKey::readFile(const QString& path, MinisignFailure* failure)
{
    auto text = minisign::readBoundedFile(path, kMinisignMaxPublicKeyBytes, kWhat, failure);
    if (!text) {
        return text.error();
    }
    return parse(text.value(), failure);
}

Result<MinisignPublicKey> MinisignPublicKey::fromBase64Line(
    const QByteArray& line, int lineNumber, MinisignFailure* failure)
{
    auto decoded = minisign::decodeBase64Line(line, kDecodedBytes, lineNumber, kWhat, failure);
    if (!decoded) {
        return decoded.error();
    }
    if (!decoded->startsWith(kAlgorithm)) {
        return minisignError(MinisignFailure::UnknownAlgorithm,
            QStringLiteral("The public key is not an Ed25519 minisign key (its algorithm is not \"Ed\"). "
                           "Check that you have the right public key."),
            failure);
    }
    MinisignPublicKey key;
    key.m_keyId = decoded->mid(2, kMinisignKeyIdBytes);
    key.m_key = decoded->mid(2 + kMinisignKeyIdBytes);
    return key;
}

QString MinisignPublicKey::keyIdText(const QByteArray& keyId)
{
    QByteArray reversed = keyId;
    std::reverse(reversed.begin(), reversed.end());
    return QString::fromLatin1(reversed.toHex().toUpper());
}

QByteArray MinisignPublicKey::toBase64() const
{
    return minisign::encodeBase64(kAlgorithm + m_keyId + m_key);
}

QByteArray MinisignPublicKey::toFileText() const
{
    return kCommentPrefix + "minisign public key " + keyIdText().toLatin1() + '\n' + toBase64() + '\n';
}

} // namespace ward::crypto
