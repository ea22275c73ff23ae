// The vault file of a profile: Argon2id parameters and salt, the SQLCipher settings of the database, and
// keys sealed with XChaCha20-Poly1305 under the Argon2id key. Encoded as CBOR: {"header": bytes,
// "keys": {name: {"nonce", "sealed"}}}; the header bytes are the associated data of every sealed key, so
// no parameter can be changed without the passphrase noticing. Parsing is strict and size-limited: the file
// comes from disk, which an attacker may have touched.
#pragma once

#include "common/Result.h"
#include "crypto/Aead.h"
#include "crypto/Argon2.h"
#include "store/CipherSettings.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <map>

namespace ward::store {

inline constexpr qsizetype kVaultMaxBytes = 64 * 1024;
inline constexpr int kVaultFormatVersion = 1;
inline constexpr char kDatabaseKeyName[] = "database";
// The device identity's two seeds (crypto/DeviceIdentity.h). Profiles made before they existed get them at
// their next unlock.
inline constexpr char kIdentitySigningKeyName[] = "identity.signing";
inline constexpr char kIdentityStaticKeyName[] = "identity.static";

struct VaultHeader {
    crypto::Argon2Params kdf;
    QByteArray salt;
    CipherSettings cipher;
    std::int64_t createdAtMs = 0;

    QByteArray encode() const;
};

class VaultFile {
public:
    VaultFile() = default;
    explicit VaultFile(VaultHeader header);

    // `source` names the file in error messages.
    static Result<VaultFile> parse(const QByteArray& bytes, const QString& source);
    QByteArray serialize() const;

    const VaultHeader& header() const { return m_header; }
    const QByteArray& headerBytes() const { return m_headerBytes; }
    const std::map<QString, crypto::Sealed>& sealedKeys() const { return m_keys; }
    void setSealedKey(const QString& name, crypto::Sealed sealed) { m_keys[name] = std::move(sealed); }

    // Associated data for the key called `name`: the header bytes, a zero byte, and the name.
    QByteArray associatedData(const QString& name) const;

private:
    VaultHeader m_header;
    QByteArray m_headerBytes;
    std::map<QString, crypto::Sealed> m_keys;
};

} // namespace ward::store
