#include "crypto/minisign/MinisignSignature.h"

#include "crypto/minisign/MinisignPublicKey.h"
#include "crypto/minisign/MinisignText.h"

namespace ward::crypto {

namespace {

const QString kWhat = QStringLiteral("signature file");
const QByteArray kUntrustedPrefix = QByteArrayLiteral("untrusted comment: ");
const QByteArray kTrustedPrefix = QByteArrayLiteral("trusted comment: ");
const QByteArray kLegacy = QByteArrayLiteral("Ed");
const QByteArray kPrehashed = QByteArrayLiteral("ED");
constexpr qsizetype kSignatureLineBytes = 2 + kMinisignKeyIdBytes + kMinisignSignatureBytes;

} // namespace

Result<MinisignSignature> MinisignSignature::parse(const QByteArray& text, MinisignFailure* failure)
{
    if (text.size() > kMinisignMaxSignatureBytes) {
        return minisignError(MinisignFailure::TooLarge,
            QStringLiteral(
                "The signature file is larger than %1 bytes, too large to be a minisign signature.")
                .arg(kMinisignMaxSignatureBytes),
            failure);
    }
    auto lines = minisign::splitLines(text, 4, kWhat, failure);
    if (!lines) {
        return lines.error();
    }
    auto untrusted = minisign::afterPrefix(lines->at(0), kUntrustedPrefix, 1, kWhat, failure);
    if (!untrusted) {
        return untrusted.error();
    }
    auto signatureLine = minisign::decodeBase64Line(lines->at(1), kSignatureLineBytes, 2, kWhat, failure);
    if (!signatureLine) {
        return signatureLine.error();
    }
    auto trusted = minisign::afterPrefix(lines->at(2), kTrustedPrefix, 3, kWhat, failure);
    if (!trusted) {
        return trusted.error();
    }
    auto global = minisign::decodeBase64Line(lines->at(3), kMinisignSignatureBytes, 4, kWhat, failure);
    if (!global) {
        return global.error();
    }

    MinisignSignature out;
    const QByteArray algorithm = signatureLine->left(2);
    if (algorithm == kLegacy) {
        out.m_algorithm = MinisignAlgorithm::Legacy;
    } else if (algorithm == kPrehashed) {
        out.m_algorithm = MinisignAlgorithm::Prehashed;
    } else {
        return minisignError(MinisignFailure::UnknownAlgorithm,
            QStringLiteral("The signature uses an algorithm Ward does not know (neither \"Ed\" nor \"ED\"). "
                           "Ask for a signature made with minisign."),
            failure);
    }
    out.m_keyId = signatureLine->mid(2, kMinisignKeyIdBytes);
    out.m_signature = signatureLine->mid(2 + kMinisignKeyIdBytes);
    out.m_untrustedComment = std::move(untrusted).value();
    out.m_trustedComment = std::move(trusted).value();
    out.m_globalSignature = std::move(global).value();
    return out;
}

Result<MinisignSignature> MinisignSignature::readFile(const QString& path, MinisignFailure* failure)
{
    auto text = minisign::readBoundedFile(path, kMinisignMaxSignatureBytes, kWhat, failure);
    if (!text) {
        return text.error();
    }
    return parse(text.value(), failure);
}

QByteArray MinisignSignature::serialize() const
{
    const QByteArray& algorithm = m_algorithm == MinisignAlgorithm::Legacy ? kLegacy : kPrehashed;
    return kUntrustedPrefix + m_untrustedComment + '\n'
        + minisign::encodeBase64(algorithm + m_keyId + m_signature) + '\n' + kTrustedPrefix + m_trustedComment
        + '\n' + minisign::encodeBase64(m_globalSignature) + '\n';
}

} // namespace ward::crypto
