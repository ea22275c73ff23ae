// A minisign signature file (.minisig), parsed but not yet verified:
//   untrusted comment: <text>
//   base64(<algorithm "Ed" or "ED"> <key id, 8 bytes> <Ed25519 signature, 64 bytes>)
//   trusted comment: <text>
//   base64(<global signature, 64 bytes, over the signature bytes followed by the trusted comment text>)
// "Ed" (legacy) signs the file itself, "ED" (prehashed) signs its BLAKE2b-512 hash. Nothing here is
// trustworthy until MinisignVerifier has checked both signatures; the untrusted comment never is.
#pragma once

#include "common/Result.h"
#include "crypto/minisign/MinisignError.h"

#include <QByteArray>
#include <QString>

namespace ward::crypto {

// Room for minisign's longest comments (1024 bytes untrusted, 8192 trusted) and the two base64 lines.
inline constexpr qsizetype kMinisignMaxSignatureBytes = qsizetype { 12 } * 1024;
inline constexpr qsizetype kMinisignSignatureBytes = 64;

enum class MinisignAlgorithm {
    Legacy, // "Ed": Ed25519 over the whole file
    Prehashed, // "ED": Ed25519 over BLAKE2b-512 of the file
};

class MinisignSignature {
public:
    static Result<MinisignSignature> parse(const QByteArray& text, MinisignFailure* failure = nullptr);
    static Result<MinisignSignature> readFile(const QString& path, MinisignFailure* failure = nullptr);

    MinisignAlgorithm algorithm() const { return m_algorithm; }
    const QByteArray& keyId() const { return m_keyId; }
    const QByteArray& signature() const { return m_signature; }
    const QByteArray& untrustedComment() const { return m_untrustedComment; }
    // Exactly the bytes after "trusted comment: ", without the line ending; these are what the global
    // signature covers.
    const QByteArray& trustedComment() const { return m_trustedComment; }
    const QByteArray& globalSignature() const { return m_globalSignature; }

    // The four lines again, each ended by LF.
    QByteArray serialize() const;

private:
    MinisignAlgorithm m_algorithm = MinisignAlgorithm::Prehashed;
    QByteArray m_keyId;
    QByteArray m_signature;
    QByteArray m_untrustedComment;
    QByteArray m_trustedComment;
    QByteArray m_globalSignature;
};

} // namespace ward::crypto
