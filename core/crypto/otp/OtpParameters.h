// The settings one-time passwords share between an issuer and an authenticator: the HMAC hash, the number of
// digits and the TOTP period. Only SHA-1, SHA-256 and SHA-512 with 6 to 8 digits are valid (RFC 4226,
// RFC 6238); every OTP entry point checks its parameters and secret before computing anything.
#pragma once

#include "common/Result.h"
#include "crypto/Hash.h"

#include <QString>
#include <QStringView>

#include <cstdint>
#include <optional>

namespace ward::crypto::otp {

inline constexpr int kMinDigits = 6;
inline constexpr int kMaxDigits = 8;
inline constexpr int kDefaultDigits = 6;
inline constexpr int kDefaultPeriodSeconds = 30;
inline constexpr int kMinPeriodSeconds = 1;
inline constexpr int kMaxPeriodSeconds = 3600;

struct OtpParameters {
    HashAlgorithm algorithm = HashAlgorithm::Sha1;
    int digits = kDefaultDigits;
    int periodSeconds = kDefaultPeriodSeconds; // TOTP only; T0 is always the Unix epoch

    bool operator==(const OtpParameters&) const = default;
};

// InvalidArgument with a sentence naming the bad setting, or success.
Status checkParameters(const OtpParameters& parameters);

// "SHA1", "SHA256", "SHA512": the spelling of otpauth URIs and authenticator apps.
QString algorithmName(HashAlgorithm algorithm);
// Accepts those names in any letter case; nothing else.
std::optional<HashAlgorithm> algorithmFromName(QStringView name);

} // namespace ward::crypto::otp
