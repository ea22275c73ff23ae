// A minisign public key: the algorithm "Ed", an 8-byte key id and a 32-byte Ed25519 key. It is read from a
// .pub file (an "untrusted comment:" line, then the base64 line) or from the bare base64 string that
// minisign prints. The text may be at most kMinisignMaxPublicKeyBytes long; a .pub file is about 110 bytes.
#pragma once

#include "common/Result.h"
#include "crypto/minisign/MinisignError.h"

#include <QByteArray>
#include <QString>

namespace ward::crypto {

// Room for minisign's longest untrusted comment (1024 bytes) and the key line, with slack for line endings.
inline constexpr qsizetype kMinisignMaxPublicKeyBytes = 2048;
inline constexpr qsizetype kMinisignKeyIdBytes = 8;
inline constexpr qsizetype kMinisignPublicKeyBytes = 32;

class MinisignPublicKey {
public:
    static Result<MinisignPublicKey> parse(const QByteArray& text, MinisignFailure* failure = nullptr);
    static Result<MinisignPublicKey> readFile(const QString& path, MinisignFailure* failure = nullptr);

    const QByteArray& keyId() const { return m_keyId; }
    const QByteArray& key() const { return m_key; }

    // The key id as minisign shows it: 16 upper-case hex digits of the little-endian number.
    QString keyIdText() const { return keyIdText(m_keyId); }
    static QString keyIdText(const QByteArray& keyId);

    // The bare base64 string, and a .pub file with a comment naming the key id.
    QByteArray toBase64() const;
    QByteArray toFileText() const;

private:
    static Result<MinisignPublicKey> fromBase64Line(
        const QByteArray& line, int lineNumber, MinisignFailure* failure);

    QByteArray m_keyId;
    QByteArray m_key;
};

} // namespace ward::crypto
