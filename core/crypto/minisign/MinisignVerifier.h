// Checks a file against a minisign signature and a public key. The trusted comment comes back only when
// the key ids match, the signature over the file holds and the global signature over the trusted comment
// holds; any other outcome is an error saying which check failed. Prehashed ("ED") signatures stream the
// file through BLAKE2b-512, so its size does not matter; legacy ("Ed") signatures need the whole file in
// memory, so they are refused for files over MinisignOptions::maxLegacyBytes (1 GiB by default), and
// refused altogether unless MinisignOptions::allowLegacy is set.
#pragma once

#include "common/Result.h"
#include "crypto/minisign/MinisignError.h"
#include "crypto/minisign/MinisignPublicKey.h"
#include "crypto/minisign/MinisignSignature.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace ward::crypto {

inline constexpr qint64 kMinisignMaxLegacyBytes = qint64 { 1 } << 30;

struct MinisignOptions {
    // minisign itself has signed prehashed by default since 0.8; Ward's own signatures are all prehashed.
    bool allowLegacy = false;
    qint64 maxLegacyBytes = kMinisignMaxLegacyBytes;
};

class MinisignVerifier {
public:
    explicit MinisignVerifier(MinisignPublicKey key, MinisignOptions options = {});

    // Each returns the trusted comment (lossily decoded as UTF-8) when the signature holds.
    Result<QString> verify(
        QIODevice& content, const MinisignSignature& signature, MinisignFailure* failure = nullptr) const;
    Result<QString> verifyFile(
        const QString& path, const MinisignSignature& signature, MinisignFailure* failure = nullptr) const;
    Result<QString> verifyBytes(const QByteArray& content, const MinisignSignature& signature,
        MinisignFailure* failure = nullptr) const;

    const MinisignPublicKey& publicKey() const { return m_key; }

private:
    Result<QByteArray> readLegacyMessage(QIODevice& content, MinisignFailure* failure) const;
    static Result<QByteArray> prehash(QIODevice& content, MinisignFailure* failure);
    bool signatureHolds(const QByteArray& signature, const QByteArray& message) const;

    MinisignPublicKey m_key;
    MinisignOptions m_options;
};

} // namespace ward::crypto
