#include "store/Vault.h"

#include "crypto/Aead.h"
#include "crypto/Argon2.h"
#include "store/FileSafety.h"

#include <QFile>

namespace ward::store {

namespace {

const QString kDatabaseKey = QString::fromLatin1(kDatabaseKeyName);

Result<crypto::SecretBytes> wrappingKey(const VaultHeader& header, const crypto::SecretBytes& passphrase)
{
    return crypto::argon2Derive(passphrase, header.salt, header.kdf, crypto::kAeadKeyBytes);
}

Error wrongPassphrase()
{
    return makeError(ErrorCode::WrongPassphrase,
        QStringLiteral("That passphrase is not correct. Check that Caps Lock is off and try again."));
}

} // namespace

Result<VaultFile> Vault::create(const crypto::SecretBytes& passphrase, const VaultSecrets& secrets,
    const crypto::Argon2Params& params, const CipherSettings& cipher, std::int64_t nowMs)
{
    if (secrets.find(kDatabaseKey) == secrets.end()) {
        return makeError(ErrorCode::Internal, QStringLiteral("A vault needs a database key."));
    }
    VaultFile file(VaultHeader { params, crypto::argon2NewSalt(), cipher, nowMs });
    auto key = wrappingKey(file.header(), passphrase);
    if (!key) {
        return key.error();
    }
    for (const auto& [name, secret] : secrets) {
        seal(file, key.value(), name, secret);
    }
    return file;
}

Result<OpenedVault> Vault::open(const VaultFile& file, const crypto::SecretBytes& passphrase)
{
    auto key = wrappingKey(file.header(), passphrase);
    if (!key) {
        return key.error();
    }
    const auto database = file.sealedKeys().find(kDatabaseKey);
    if (database == file.sealedKeys().end()) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("The profile's key file holds no database key."));
    }
    // The database key decides whether the passphrase is right; any other key that fails after it means
    // the file was changed.
    if (!crypto::aeadOpen(key.value(), database->second, file.associatedData(kDatabaseKey))) {
        return wrongPassphrase();
    }
    OpenedVault opened { std::move(key).value(), {} };
    for (const auto& [name, sealed] : file.sealedKeys()) {
        auto secret = crypto::aeadOpen(opened.wrappingKey, sealed, file.associatedData(name));
        if (!secret) {
            return makeError(ErrorCode::Corrupt,
                QStringLiteral("The profile's key file is damaged: its key '%1' does not open.").arg(name));
        }
        opened.secrets.emplace(name, std::move(secret).value());
    }
    return opened;
}

Result<crypto::SecretBytes> Vault::openDatabaseKey(
    const VaultFile& file, const crypto::SecretBytes& passphrase)
{
    auto opened = open(file, passphrase);
    if (!opened) {
        return opened.error();
    }
    return std::move(opened->secrets.at(kDatabaseKey));
}

void Vault::seal(VaultFile& file, const crypto::SecretBytes& wrappingKey, const QString& name,
    const crypto::SecretBytes& secret)
{
    file.setSealedKey(name, crypto::aeadSeal(wrappingKey, secret, file.associatedData(name)));
}

Result<VaultFile> Vault::rewrap(const VaultFile& file, const crypto::SecretBytes& oldPassphrase,
    const crypto::SecretBytes& newPassphrase, const crypto::Argon2Params& newParams)
{
    auto oldKey = wrappingKey(file.header(), oldPassphrase);
    if (!oldKey) {
        return oldKey.error();
    }
    VaultHeader header = file.header();
    header.kdf = newParams;
    header.salt = crypto::argon2NewSalt();
    VaultFile next(std::move(header));
    auto newKey = wrappingKey(next.header(), newPassphrase);
    if (!newKey) {
        return newKey.error();
    }
    for (const auto& [name, sealed] : file.sealedKeys()) {
        auto plain = crypto::aeadOpen(oldKey.value(), sealed, file.associatedData(name));
        if (!plain) {
            return wrongPassphrase();
        }
        next.setSealedKey(name, crypto::aeadSeal(newKey.value(), plain.value(), next.associatedData(name)));
    }
    return next;
}

Result<VaultFile> Vault::read(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
            QStringLiteral("Ward could not read the profile's key file (%1): %2.")
                .arg(path, file.errorString()));
    }
    // Read one byte past the limit so an oversized file is recognised without reading all of it.
    const QByteArray bytes = file.read(kVaultMaxBytes + 1);
    return VaultFile::parse(bytes, path);
}

Status Vault::write(const QString& path, const VaultFile& file)
{
    return writeFileAtomically(path, file.serialize());
}

} // namespace ward::store
