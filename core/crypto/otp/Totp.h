// TOTP (RFC 6238): HOTP over the number of whole periods since the Unix epoch (T0 = 0). Times before the
// epoch are refused rather than wrapped.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/otp/OtpParameters.h"

#include <cstdint>

namespace ward::crypto::otp {

// floor(unixSeconds / periodSeconds); InvalidArgument for a negative time or a period out of range.
Result<std::uint64_t> totpStep(std::int64_t unixSeconds, int periodSeconds);

// The code for the step that contains `unixSeconds`.
Result<SecretBytes> totp(
    const SecretBytes& secret, std::int64_t unixSeconds, const OtpParameters& parameters);

} // namespace ward::crypto::otp
