#include "crypto/otp/Totp.h"

#include "crypto/otp/Hotp.h"

namespace ward::crypto::otp {

Result<std::uint64_t> totpStep(std::int64_t unixSeconds, int periodSeconds)
{
    if (periodSeconds < kMinPeriodSeconds || periodSeconds > kMaxPeriodSeconds) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The one-time password period must be %1 to %2 seconds, not %3.")
                .arg(kMinPeriodSeconds)
                .arg(kMaxPeriodSeconds)
                .arg(periodSeconds));
    }
    if (unixSeconds < 0) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The time is before 1970; check the computer's clock."));
    }
    return static_cast<std::uint64_t>(unixSeconds) / static_cast<std::uint64_t>(periodSeconds);
}

Result<SecretBytes> totp(const SecretBytes& secret, std::int64_t unixSeconds, const OtpParameters& parameters)
{
    auto step = totpStep(unixSeconds, parameters.periodSeconds);
    if (!step) {
        return step.error();
    }
    return hotp(secret, *step, parameters);
}

} // namespace ward::crypto::otp
