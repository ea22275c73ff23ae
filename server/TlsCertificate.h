// The server's TLS certificate and key: a self-signed ECDSA P-256 certificate made at `init` (clients pin
// it, so no CA is involved), or a certificate and key the clinic already has, checked to load and to match
// before they are copied in. The private key's PEM text lives in SecretBytes; Qt's QSslKey holds its own
// copy for the TLS library, which cannot be avoided.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace ward::server {

inline constexpr int kSelfSignedValidityDays = 825;
inline constexpr qsizetype kMaxCertificateFileBytes = 64 * 1024;
inline constexpr qsizetype kMaxPrivateKeyFileBytes = 16 * 1024;

struct TlsMaterial {
    QByteArray certificatePem;
    crypto::SecretBytes privateKeyPem;
};

struct TlsCredentials {
    QSslCertificate certificate;
    QSslKey privateKey;
};

// A self-signed certificate for `host` (CN and subjectAltName, DNS or IP as the host is) that also names
// IP 127.0.0.1, valid for kSelfSignedValidityDays, with a fresh P-256 key.
Result<TlsMaterial> makeSelfSignedCertificate(const QString& host);

// Reads a PEM certificate and an unencrypted PEM private key and checks that the key belongs to the
// certificate.
Result<TlsMaterial> readTlsFiles(const QString& certificateFile, const QString& keyFile);

// The same check on material already in memory.
Status checkTlsPair(const TlsMaterial& material);

// The material as Qt's TLS types, for QSslConfiguration.
Result<TlsCredentials> toTlsCredentials(const TlsMaterial& material);

} // namespace ward::server
