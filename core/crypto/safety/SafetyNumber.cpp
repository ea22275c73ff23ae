#include "crypto/safety/SafetyNumber.h"

#include "crypto/Sodium.h"
#include "crypto/credential/CredentialText.h"

#include <sodium.h>

#include <array>
#include <optional>

namespace ward::crypto::safety {

namespace {

using Digest = std::array<std::uint8_t, crypto_hash_sha512_BYTES>;

constexpr qsizetype kOrganisationFingerprintHexDigits = 64;

const unsigned char* bytes(const QByteArray& a)
{
    return reinterpret_cast<const unsigned char*>(a.constData());
}

// libsodium directly rather than Hasher: the inputs are public, and 2 x 5200 rounds should not pay for a
// guarded allocation each.
Digest partyHash(const SafetyParty& party, int iterations)
{
    static constexpr unsigned char kFingerprintVersion[2] = { 0x00, 0x00 };
    const auto keySize = static_cast<unsigned long long>(party.key.size());
    Digest digest {};
    crypto_hash_sha512_state state;
    crypto_hash_sha512_init(&state);
    crypto_hash_sha512_update(&state, kFingerprintVersion, sizeof kFingerprintVersion);
    crypto_hash_sha512_update(&state, bytes(party.key), keySize);
    crypto_hash_sha512_update(
        &state, bytes(party.stableId), static_cast<unsigned long long>(party.stableId.size()));
    crypto_hash_sha512_update(&state, bytes(party.key), keySize);
    crypto_hash_sha512_final(&state, digest.data());
    for (int i = 1; i < iterations; ++i) {
        crypto_hash_sha512_init(&state);
        crypto_hash_sha512_update(&state, digest.data(), digest.size());
        crypto_hash_sha512_update(&state, bytes(party.key), keySize);
        crypto_hash_sha512_final(&state, digest.data());
    }
    return digest;
}

// Six 5-byte big-endian numbers mod 100000, five digits each.
QString displayHalf(const Digest& digest)
{
    QString out;
    out.reserve(30);
    for (std::size_t chunk = 0; chunk < 6; ++chunk) {
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < 5; ++i) {
            value = (value << 8) | digest[chunk * 5 + i];
        }
        out += QStringLiteral("%1").arg(value % 100000, 5, 10, QLatin1Char('0'));
    }
    return out;
}

QByteArray scannableHalf(const Digest& digest)
{
    return QByteArray(reinterpret_cast<const char*>(digest.data()),
        static_cast<qsizetype>(ScannableSafetyNumber::kFingerprintBytes));
}

Status checkParty(const SafetyParty& party, const char* side)
{
    if (party.key.isEmpty() || party.key.size() > kMaxKeyBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The %1 identity key must be 1 to %2 bytes long.")
                .arg(QLatin1String(side))
                .arg(kMaxKeyBytes));
    }
    if (party.stableId.size() > kMaxStableIdBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The %1 account id is longer than %2 bytes.")
                .arg(QLatin1String(side))
                .arg(kMaxStableIdBytes));
    }
    return {};
}

// The organisation fingerprint's 64 hex digits, or nothing when it is not that.
std::optional<QByteArray> fingerprintHex(const QString& fingerprint)
{
    QString hex = fingerprint;
    hex.remove(QLatin1Char(' '));
    if (hex.size() != kOrganisationFingerprintHexDigits) {
        return std::nullopt;
    }
    for (const QChar c : hex) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                || (c >= QLatin1Char('a') && c <= QLatin1Char('f')))) {
            return std::nullopt;
        }
    }
    return hex.toLatin1();
}

} // namespace

Result<SafetyParty> SafetyParty::forWardAccount(
    const QByteArray& ed25519PublicKey, const QString& userId, const QString& organisationFingerprint)
{
    if (ed25519PublicKey.size() != kEd25519PublicKeyBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("An identity key is %1 bytes, not %2.")
                .arg(kEd25519PublicKeyBytes)
                .arg(ed25519PublicKey.size()));
    }
    if (!credential::validUserId(userId)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "The user id is not one a clinic credential can hold (letters, digits and . _ @ + -)."));
    }
    const auto org = fingerprintHex(organisationFingerprint);
    if (!org) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The organisation fingerprint must be 64 lower-case hexadecimal digits."));
    }
    SafetyParty party;
    party.key.append(static_cast<char>(kWardIdentityKeyType));
    party.key.append(ed25519PublicKey);
    party.stableId = userId.toLatin1() + '@' + *org;
    return party;
}

Result<SafetyNumber> SafetyNumber::compute(
    const SafetyParty& local, const SafetyParty& remote, int iterations, std::uint32_t scannableVersion)
{
    if (iterations < kMinIterations || iterations > kMaxIterations) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A safety number takes %1 to %2 hash iterations, not %3.")
                .arg(kMinIterations)
                .arg(kMaxIterations)
                .arg(iterations));
    }
    if (scannableVersion > ScannableSafetyNumber::kMaxVersion) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A safety number code version is at most %1.")
                .arg(ScannableSafetyNumber::kMaxVersion));
    }
    if (auto s = checkParty(local, "local"); !s) {
        return s.error();
    }
    if (auto s = checkParty(remote, "remote"); !s) {
        return s.error();
    }
    ensureSodium();
    const Digest localHash = partyHash(local, iterations);
    const Digest remoteHash = partyHash(remote, iterations);
    const QString localDigits = displayHalf(localHash);
    const QString remoteDigits = displayHalf(remoteHash);

    SafetyNumber out;
    out.m_digits = localDigits < remoteDigits ? localDigits + remoteDigits : remoteDigits + localDigits;
    out.m_scannable.version = scannableVersion;
    out.m_scannable.local = scannableHalf(localHash);
    out.m_scannable.remote = scannableHalf(remoteHash);
    return out;
}

QByteArray SafetyNumber::scannable() const
{
    return m_scannable.encode();
}

Result<bool> SafetyNumber::matchesScanned(const QByteArray& scanned) const
{
    auto theirs = ScannableSafetyNumber::parse(scanned);
    if (!theirs) {
        return theirs.error();
    }
    if (theirs->version != m_scannable.version) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "The scanned code is from another app or another version of Ward (code version %1, "
                "ours %2). Both people need an up-to-date Ward.")
                .arg(theirs->version)
                .arg(m_scannable.version));
    }
    static_assert(ScannableSafetyNumber::kFingerprintBytes == crypto_verify_32_BYTES);
    // Both halves are always compared, so the time taken does not say which one differed.
    const int theirLocalIsOurRemote = crypto_verify_32(bytes(theirs->local), bytes(m_scannable.remote));
    const int theirRemoteIsOurLocal = crypto_verify_32(bytes(theirs->remote), bytes(m_scannable.local));
    return (theirLocalIsOurRemote | theirRemoteIsOurLocal) == 0;
}

} // namespace ward::crypto::safety
