#include "crypto/minisign/MinisignVerifier.h"

#include "crypto/Sodium.h"

#include <QBuffer>
#include <QFile>

#include <sodium.h>

namespace ward::crypto {

namespace {

constexpr qint64 kChunkBytes = qint64 { 64 } * 1024;
constexpr std::size_t kPrehashBytes = crypto_generichash_BYTES_MAX; // BLAKE2b-512

static_assert(kMinisignSignatureBytes == crypto_sign_BYTES);
static_assert(kMinisignPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);

QString sizeText(qint64 bytes)
{
    constexpr qint64 kMiB = qint64 { 1 } << 20;
    if (bytes >= kMiB && bytes % kMiB == 0) {
        return bytes % (kMiB * 1024) == 0 ? QStringLiteral("%1 GiB").arg(bytes / (kMiB * 1024))
                                          : QStringLiteral("%1 MiB").arg(bytes / kMiB);
    }
    return QStringLiteral("%1 bytes").arg(bytes);
}

// Hands `content` to `consume` a chunk at a time until the end. False when reading failed or `consume`
// asked to stop.
template <typename Consume> bool forEachChunk(QIODevice& content, Consume consume)
{
    QByteArray chunk(kChunkBytes, Qt::Uninitialized);
    for (;;) {
        const qint64 got = content.read(chunk.data(), kChunkBytes);
        if (got < 0) {
            return false;
        }
        if (got > 0) {
            if (!consume(chunk.constData(), got)) {
                return false;
            }
            continue;
        }
        // Nothing now: the end of a file or buffer, or a pipe that has yet to deliver.
        if (!content.isSequential() || !content.waitForReadyRead(-1)) {
            return content.atEnd() || content.isSequential();
        }
    }
}

Error unreadable(const QIODevice& content, MinisignFailure* failure)
{
    return minisignError(MinisignFailure::Unreadable,
        QStringLiteral("The signed file could not be read to the end: %1.").arg(content.errorString()),
        failure);
}

} // namespace

MinisignVerifier::MinisignVerifier(MinisignPublicKey key, MinisignOptions options)
    : m_key(std::move(key))
    , m_options(options)
{ }

Result<QString> MinisignVerifier::verify(
    QIODevice& content, const MinisignSignature& signature, MinisignFailure* failure) const
{
    ensureSodium();
    if (signature.keyId() != m_key.keyId()) {
        return minisignError(MinisignFailure::KeyIdMismatch,
            QStringLiteral("The signature was made with key %1, not with the public key given (%2). Check "
                           "that you have the right public key for this file.")
                .arg(MinisignPublicKey::keyIdText(signature.keyId()), m_key.keyIdText()),
            failure);
    }
    if (signature.algorithm() == MinisignAlgorithm::Legacy && !m_options.allowLegacy) {
        return minisignError(MinisignFailure::LegacyRefused,
            QStringLiteral("The file has a legacy minisign signature, which is not accepted here. Ask for a "
                           "prehashed signature (what minisign makes by default)."),
            failure);
    }
    auto message = signature.algorithm() == MinisignAlgorithm::Legacy ? readLegacyMessage(content, failure)
                                                                      : prehash(content, failure);
    if (!message) {
        return message.error();
    }
    if (!signatureHolds(signature.signature(), message.value())) {
        return minisignError(MinisignFailure::BadSignature,
            QStringLiteral("The signature does not match the file: the file or its signature was changed, or "
                           "they do not belong together. Do not use this file."),
            failure);
    }
    if (!signatureHolds(signature.globalSignature(), signature.signature() + signature.trustedComment())) {
        return minisignError(MinisignFailure::BadGlobalSignature,
            QStringLiteral("The file matches its signature, but the trusted comment was changed or its "
                           "signature is damaged. Do not use this file."),
            failure);
    }
    if (failure != nullptr) {
        *failure = MinisignFailure::None;
    }
    return QString::fromUtf8(signature.trustedComment());
}

Result<QString> MinisignVerifier::verifyFile(
    const QString& path, const MinisignSignature& signature, MinisignFailure* failure) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return minisignError(MinisignFailure::Unreadable,
            QStringLiteral("The signed file %1 could not be opened: %2.").arg(path, file.errorString()),
            failure);
    }
    return verify(file, signature, failure);
}

Result<QString> MinisignVerifier::verifyBytes(
    const QByteArray& content, const MinisignSignature& signature, MinisignFailure* failure) const
{
    QBuffer buffer;
    buffer.setData(content);
    buffer.open(QIODevice::ReadOnly);
    return verify(buffer, signature, failure);
}

Result<QByteArray> MinisignVerifier::readLegacyMessage(QIODevice& content, MinisignFailure* failure) const
{
    const auto tooLarge = [&] {
        return minisignError(MinisignFailure::TooLarge,
            QStringLiteral(
                "The file is larger than %1, the most Ward checks against a legacy minisign "
                "signature. Ask for a prehashed signature (what minisign makes by default) instead.")
                .arg(sizeText(m_options.maxLegacyBytes)),
            failure);
    };
    QByteArray whole;
    if (!content.isSequential()) {
        if (content.size() > m_options.maxLegacyBytes) {
            return tooLarge();
        }
        whole.reserve(static_cast<qsizetype>(content.size()));
    }
    bool over = false;
    const bool complete = forEachChunk(content, [&](const char* data, qint64 size) {
        if (whole.size() + size > m_options.maxLegacyBytes) {
            over = true;
            return false;
        }
        whole.append(data, static_cast<qsizetype>(size));
        return true;
    });
    if (over) {
        return tooLarge();
    }
    if (!complete) {
        return unreadable(content, failure);
    }
    return whole;
}

Result<QByteArray> MinisignVerifier::prehash(QIODevice& content, MinisignFailure* failure)
{
    crypto_generichash_state state {};
    crypto_generichash_init(&state, nullptr, 0, kPrehashBytes);
    const bool complete = forEachChunk(content, [&](const char* data, qint64 size) {
        crypto_generichash_update(
            &state, reinterpret_cast<const unsigned char*>(data), static_cast<std::size_t>(size));
        return true;
    });
    if (!complete) {
        return unreadable(content, failure);
    }
    QByteArray digest(static_cast<qsizetype>(kPrehashBytes), Qt::Uninitialized);
    crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(digest.data()), kPrehashBytes);
    return digest;
}

bool MinisignVerifier::signatureHolds(const QByteArray& signature, const QByteArray& message) const
{
    // Both sizes are fixed by the parsers; a default-constructed key or signature must not be read past.
    if (signature.size() != kMinisignSignatureBytes || m_key.key().size() != kMinisignPublicKeyBytes) {
        return false;
    }
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.constData()),
               reinterpret_cast<const unsigned char*>(message.constData()),
               static_cast<unsigned long long>(message.size()),
               reinterpret_cast<const unsigned char*>(m_key.key().constData()))
        == 0;
}

} // namespace ward::crypto
