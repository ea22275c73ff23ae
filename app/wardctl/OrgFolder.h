// The organisation folder that `wardctl org init` creates and the other org commands use. It holds:
//   root.key          the organisation root key, sealed under the passphrase (keep the folder offline)
//   issuing.key       the issuing key, sealed under the same passphrase
//   issuer.cert       the root's certificate for the issuing key (public)
//   revocations.list  the current revocation list, signed by the root (public: publish it to devices)
//   organisation.pub  the organisation key in hex, with a newline (public: what devices pin)
// Both key files are sealed under one passphrase, read once from standard input: the root signs only at
// init and revoke, the issuing key at issue, and one person runs both. Each file has its own salt, so the
// two seals share nothing but the passphrase. Files are written atomically and owner-only (0600).
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/credential/SigningKeyFile.h"

#include <QByteArray>
#include <QString>

namespace ward::ctl {

class OrgFolder {
public:
    explicit OrgFolder(QString dir);

    QString rootKey() const;
    QString issuingKey() const;
    QString issuerCertificate() const;
    QString revocations() const;
    QString organisationKey() const;

    // True when the folder already holds a key, so that init never overwrites one.
    bool holdsKeys() const;

    // Opens the key file at `path`, which must hold a key for `use`, with the (normalised) passphrase.
    static Result<crypto::credential::SigningKey> openKey(
        const QString& path, crypto::credential::KeyUse use, const crypto::SecretBytes& passphrase);

private:
    QString m_dir;
};

// Reads at most maxBytes + 1 bytes, so that a parser recognises an oversized file without reading all of it.
Result<QByteArray> readLimitedFile(const QString& path, qsizetype maxBytes, const QString& what);

// Reads one passphrase line from stdin and NFKC-normalises it (as the profile vault does). With
// `newPassphrase`, the passphrase policy must accept it too.
Result<crypto::SecretBytes> readOrgPassphrase(bool newPassphrase);

// 32 bytes as 64 hex digits, or nothing.
std::optional<QByteArray> parseKeyHex(const QString& text);

} // namespace ward::ctl
