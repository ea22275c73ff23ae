// Safety numbers: Signal's NumericFingerprint, so two people can check they hold each other's real identity
// key by comparing 60 digits or scanning a QR code. Per party:
//   h = SHA-512(0x00 0x00 || key || stableId || key), then iterations-1 times h = SHA-512(h || key);
//   the first 30 bytes of h as six 5-byte big-endian numbers, each mod 100000, printed as 5 digits.
// The 60 digits are the two 30-digit halves with the smaller first, so both sides see the same number.
//
// Ward's input encoding (what SafetyParty::forWardAccount builds; wardctl hashes raw bytes as given):
//   key      = 0xED || the device's 32-byte Ed25519 identity public key (33 bytes, Signal's layout).
//              Signal's type byte 0x05 means a Curve25519 (Montgomery) key; Ward's identity key is an
//              Ed25519 (Edwards) key, so it gets its own type, 0xED. The same 32 bytes read as the other kind
//              of key therefore never give the same number, and a Ward number is never mistaken for a Signal
//              one.
//   stableId = the account id "USER@ORG" in ASCII: USER the user id of the clinic credential
//              (CredentialText.h), ORG the clinic's organisation key fingerprint (OrganisationFingerprint.h)
//              as its 64 lower-case hex digits without the spaces. The clinic's key, not its name or domain,
//              ties the number to the clinic: a look-alike clinic with the same user ids gets other numbers.
// Ward uses 5200 iterations, as Signal does, and scannable version kWardScannableVersion.
#pragma once

#include "common/Result.h"
#include "crypto/safety/ScannableSafetyNumber.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace ward::crypto::safety {

inline constexpr int kDefaultIterations = 5200;
inline constexpr int kMinIterations = 2;
inline constexpr int kMaxIterations = 1'000'000;
inline constexpr qsizetype kMaxKeyBytes = 1024;
inline constexpr qsizetype kMaxStableIdBytes = 1024;

inline constexpr std::uint8_t kWardIdentityKeyType = 0xED;
inline constexpr qsizetype kEd25519PublicKeyBytes = 32;
// 0x57 ('W'): outside the versions Signal uses (1 and 2), so a code from another app is reported as such
// instead of as a key that does not match.
inline constexpr std::uint32_t kWardScannableVersion = 0x57;

struct SafetyParty {
    QByteArray key; // hashed exactly as given (Ward: the type byte and the public key)
    QByteArray stableId;

    // Ward's encoding above. `organisationFingerprint` may keep the spaces it is shown with. InvalidArgument
    // when the key is not 32 bytes, the user id breaks the credential's rules or the fingerprint is not 64
    // lower-case hex digits.
    static Result<SafetyParty> forWardAccount(
        const QByteArray& ed25519PublicKey, const QString& userId, const QString& organisationFingerprint);
};

class SafetyNumber {
public:
    // InvalidArgument when iterations are outside kMinIterations..kMaxIterations, a key is empty or too
    // long, or a stable id is too long. Public inputs only: nothing here is secret.
    static Result<SafetyNumber> compute(const SafetyParty& local, const SafetyParty& remote,
        int iterations = kDefaultIterations, std::uint32_t scannableVersion = kWardScannableVersion);

    // The 60 digits, the same on both sides.
    const QString& digits() const { return m_digits; }

    // The local side's QR payload (ScannableSafetyNumber's 74 bytes).
    QByteArray scannable() const;

    // Compares a code scanned from the other device with ours, in constant time. The other device puts
    // itself first, so its local half must equal our remote half and its remote half our local half (as
    // Signal does); a code with our own order, such as our own code, does not match. true when both halves
    // match; InvalidArgument when the bytes are not a safety number code or have another version.
    Result<bool> matchesScanned(const QByteArray& scanned) const;

private:
    SafetyNumber() = default;

    QString m_digits;
    ScannableSafetyNumber m_scannable;
};

} // namespace ward::crypto::safety
