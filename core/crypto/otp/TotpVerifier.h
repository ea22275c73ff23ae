// Checks a TOTP code someone typed. A code is accepted for the current step or one step either side (clock
// drift and typing time), compared in constant time, and at most once: the caller keeps the last step it
// accepted (per account, across restarts) and passes it in, and a code whose step is not later is refused,
// so an observed code cannot be replayed within its window.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/otp/OtpParameters.h"

#include <cstdint>
#include <optional>

namespace ward::crypto::otp {

class TotpVerifier {
public:
    // Steps accepted either side of the current one.
    static constexpr std::uint64_t kWindowSteps = 1;

    // InvalidArgument when the secret or the parameters are out of range.
    static Result<TotpVerifier> create(SecretBytes secret, const OtpParameters& parameters);

    // The step of the accepted code, to be stored as the next call's lastAcceptedStep. Errors:
    //   InvalidArgument  the code is not exactly `digits` ASCII digits (or the time is before 1970)
    //   Replayed         the code is right but its step is <= lastAcceptedStep
    //   WrongCode        the code matches no step in the window
    Result<std::uint64_t> verify(const SecretBytes& code, std::int64_t unixSeconds,
        std::optional<std::uint64_t> lastAcceptedStep) const;

    const OtpParameters& parameters() const { return m_parameters; }

private:
    TotpVerifier(SecretBytes secret, const OtpParameters& parameters);

    SecretBytes m_secret;
    OtpParameters m_parameters;
};

} // namespace ward::crypto::otp
