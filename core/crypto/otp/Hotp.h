// HOTP (RFC 4226): HMAC over an 8-byte big-endian counter, dynamic truncation to 31 bits, and the last
// `digits` decimal digits, zero-padded. Codes come back as ASCII digits in SecretBytes: until it is used, a
// code is as good as the secret for a few seconds.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/otp/OtpParameters.h"

#include <cstdint>

namespace ward::crypto::otp {

// Uses parameters.algorithm and parameters.digits (the period is TOTP's). InvalidArgument when the
// parameters or the secret are out of range (checkParameters, checkSecret).
Result<SecretBytes> hotp(const SecretBytes& secret, std::uint64_t counter, const OtpParameters& parameters);

} // namespace ward::crypto::otp
