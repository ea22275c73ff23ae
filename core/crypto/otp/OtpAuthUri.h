// otpauth links (the Key Uri Format authenticator apps scan from a QR code), TOTP only:
//   otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
// The link holds the secret, so it is SecretBytes both ways. Parsing is strict: printable ASCII only, at most
// kMaxOtpAuthUriBytes, known parameters once each, values in range, and an issuer in the label must equal
// the issuer parameter. Neither the issuer nor the account may contain ':', so the label has one reading.
// build() refuses what parse() would refuse, so every built link parses back to the same account.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/otp/OtpParameters.h"

#include <QString>

#include <cstddef>
#include <cstdint>

namespace ward::crypto::otp {

inline constexpr std::size_t kMaxOtpAuthUriBytes = 4096;
// Longest issuer or account name, in UTF-8 bytes.
inline constexpr qsizetype kMaxOtpAuthNameBytes = 256;

struct OtpAuthUri {
    QString issuer; // the clinic; empty when a link names none (Ward always names one)
    QString account; // the user's name at the issuer
    SecretBytes secret;
    OtpParameters parameters;

    // A new account with a random secret of the size RFC 6238 uses for the algorithm (20, 32 or 64 bytes).
    static OtpAuthUri generate(
        const QString& issuer, const QString& account, const OtpParameters& parameters);

    static Result<OtpAuthUri> parse(const SecretBytes& uri);
    static Result<OtpAuthUri> parse(const std::uint8_t* data, std::size_t size);

    // The link, with the secret unpadded (as authenticator apps expect) and every name percent-encoded.
    Result<SecretBytes> build() const;

    // Same issuer, account, parameters and secret (the secret compared in constant time).
    bool sameAs(const OtpAuthUri& other) const;
};

} // namespace ward::crypto::otp
