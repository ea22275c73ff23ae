#include "crypto/credential/SigningKeyFile.h"

#include "crypto/credential/CanonicalCbor.h"
#include "crypto/credential/SignatureDomain.h"

#include <limits>

namespace ward::crypto::credential {

namespace {

constexpr std::uint64_t kFormatVersion = 1;
constexpr CborKeys kFileKeys { "v", "mem", "ops", "use", "salt", "nonce", "public", "sealed" };
constexpr CborKeys kHeaderKeys { "v", "mem", "ops", "use", "salt", "public" };
constexpr qsizetype kMaxUseBytes = 16;
// Separates this associated data from any other Ward uses with the same key.
const QByteArray kDomain("ward/v1/signing-key", 20);

std::optional<KeyUse> parseUse(const QString& name)
{
    for (const KeyUse use : { KeyUse::OrganisationRoot, KeyUse::Issuing }) {
        if (name == keyUseName(use)) {
            return use;
        }
    }
    return std::nullopt;
}

Error damaged(const QString& source, const QString& detail)
{
    return makeError(ErrorCode::Corrupt,
        QStringLiteral("The key file %1 is damaged or is not a Ward organisation key (%2). Restore it from "
                       "your backup.")
            .arg(source, detail));
}

} // namespace

QString keyUseName(KeyUse use)
{
    return use == KeyUse::OrganisationRoot ? QStringLiteral("root") : QStringLiteral("issuing");
}

QByteArray SigningKeyFile::associatedData() const
{
    CanonicalCborWriter w;
    w.beginMap(kHeaderKeys);
    w.key("v");
    w.unsignedInt(kFormatVersion);
    w.key("mem");
    w.unsignedInt(m_params.memLimitBytes);
    w.key("ops");
    w.unsignedInt(m_params.opsLimit);
    w.key("use");
    w.text(keyUseName(m_use));
    w.key("salt");
    w.bytes(m_salt);
    w.key("public");
    w.bytes(m_publicKey);
    w.endMap();
    return kDomain + w.data();
}

Result<SigningKeyFile> SigningKeyFile::seal(
    const SigningKey& key, KeyUse use, const SecretBytes& passphrase, const Argon2Params& params)
{
    SigningKeyFile file;
    file.m_use = use;
    file.m_publicKey = key.publicKey();
    file.m_params = params;
    file.m_salt = argon2NewSalt();
    auto wrapping = argon2Derive(passphrase, file.m_salt, params, kAeadKeyBytes);
    if (!wrapping) {
        return wrapping.error();
    }
    file.m_sealed = aeadSeal(wrapping.value(), key.seed(), file.associatedData());
    return file;
}

QByteArray SigningKeyFile::serialize() const
{
    CanonicalCborWriter w;
    w.beginMap(kFileKeys);
    w.key("v");
    w.unsignedInt(kFormatVersion);
    w.key("mem");
    w.unsignedInt(m_params.memLimitBytes);
    w.key("ops");
    w.unsignedInt(m_params.opsLimit);
    w.key("use");
    w.text(keyUseName(m_use));
    w.key("salt");
    w.bytes(m_salt);
    w.key("nonce");
    w.bytes(m_sealed.nonce);
    w.key("public");
    w.bytes(m_publicKey);
    w.key("sealed");
    w.bytes(m_sealed.ciphertext);
    w.endMap();
    return w.data();
}

Result<SigningKeyFile> SigningKeyFile::parse(const QByteArray& bytes, const QString& source)
{
    if (bytes.isEmpty() || bytes.size() > kMaxSigningKeyFileBytes) {
        return damaged(source, QStringLiteral("empty or larger than %1 bytes").arg(kMaxSigningKeyFileBytes));
    }
    CanonicalCborReader r(bytes);
    r.beginMap(kFileKeys);
    r.key("v");
    const std::uint64_t version = r.unsignedInt(1, std::numeric_limits<std::uint64_t>::max());
    if (!r.failed() && version != kFormatVersion) {
        return makeError(ErrorCode::TooNew,
            QStringLiteral("The key file %1 was written by a newer version of Ward (format %2). Update Ward "
                           "to use it.")
                .arg(source)
                .arg(version));
    }
    SigningKeyFile file;
    r.key("mem");
    file.m_params.memLimitBytes = r.unsignedInt(1, kArgon2MaxMemBytes);
    r.key("ops");
    file.m_params.opsLimit = r.unsignedInt(1, kArgon2MaxOps);
    r.key("use");
    const QString use = r.text(kMaxUseBytes);
    r.key("salt");
    file.m_salt = r.bytes(kArgon2SaltBytes, kArgon2SaltBytes);
    r.key("nonce");
    file.m_sealed.nonce = r.bytes(kAeadNonceBytes, kAeadNonceBytes);
    r.key("public");
    file.m_publicKey = r.bytes(kPublicKeyBytes, kPublicKeyBytes);
    r.key("sealed");
    file.m_sealed.ciphertext = r.bytes(kSeedBytes + kAeadTagBytes, kSeedBytes + kAeadTagBytes);
    r.endMap();
    if (!r.finish()) {
        return damaged(source, r.problem());
    }
    const auto parsedUse = parseUse(use);
    if (!parsedUse) {
        return damaged(source, QStringLiteral("unknown key use"));
    }
    file.m_use = *parsedUse;
    if (!argon2ParamsAcceptable(file.m_params)) {
        return damaged(source, QStringLiteral("key-derivation settings outside the range Ward accepts"));
    }
    if (file.serialize() != bytes) {
        return damaged(source, QStringLiteral("not in canonical form"));
    }
    return file;
}

Result<SigningKey> SigningKeyFile::open(const SecretBytes& passphrase) const
{
    auto wrapping = argon2Derive(passphrase, m_salt, m_params, kAeadKeyBytes);
    if (!wrapping) {
        return wrapping.error();
    }
    auto seed = aeadOpen(wrapping.value(), m_sealed, associatedData());
    if (!seed) {
        return makeError(ErrorCode::WrongPassphrase,
            QStringLiteral("That passphrase does not open the organisation's %1 key. Check that Caps Lock is "
                           "off and try again.")
                .arg(keyUseName(m_use)));
    }
    auto key = SigningKey::fromSeed(seed.value());
    if (!key || key->publicKey() != m_publicKey) {
        return makeError(ErrorCode::Corrupt,
            QStringLiteral("The organisation's %1 key file holds a different key than it names. Restore it "
                           "from your backup.")
                .arg(keyUseName(m_use)));
    }
    return key;
}

} // namespace ward::crypto::credential
