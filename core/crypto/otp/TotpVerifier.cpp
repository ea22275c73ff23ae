#include "crypto/otp/TotpVerifier.h"

#include "crypto/otp/Hotp.h"
#include "crypto/otp/OtpSecret.h"
#include "crypto/otp/Totp.h"

#include <utility>

namespace ward::crypto::otp {

namespace {

bool wellFormed(const SecretBytes& code, int digits)
{
    if (code.size() != static_cast<std::size_t>(digits)) {
        return false;
    }
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (code.data()[i] < '0' || code.data()[i] > '9') {
            return false;
        }
    }
    return true;
}

} // namespace

TotpVerifier::TotpVerifier(SecretBytes secret, const OtpParameters& parameters)
    : m_secret(std::move(secret))
    , m_parameters(parameters)
{ }

Result<TotpVerifier> TotpVerifier::create(SecretBytes secret, const OtpParameters& parameters)
{
    if (auto status = checkParameters(parameters); !status) {
        return status.error();
    }
    if (auto status = checkSecret(secret); !status) {
        return status.error();
    }
    return TotpVerifier(std::move(secret), parameters);
}

Result<std::uint64_t> TotpVerifier::verify(
    const SecretBytes& code, std::int64_t unixSeconds, std::optional<std::uint64_t> lastAcceptedStep) const
{
    if (!wellFormed(code, m_parameters.digits)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A code is %1 digits; enter only the digits the authenticator app shows.")
                .arg(m_parameters.digits));
    }
    auto now = totpStep(unixSeconds, m_parameters.periodSeconds);
    if (!now) {
        return now.error();
    }
    const std::uint64_t first = *now >= kWindowSteps ? *now - kWindowSteps : 0;
    const std::uint64_t last = *now + kWindowSteps;

    // Every step in the window is computed and compared, whatever matches, so that the time taken does not
    // say which step (if any) the code belongs to. Of the matching steps, the earliest one that is still
    // after lastAcceptedStep is taken: a code matching two steps is a 1-in-10^digits coincidence, and it
    // should not burn a later step than it has to.
    std::optional<std::uint64_t> accepted;
    bool matchedUsedStep = false;
    for (std::uint64_t step = first; step <= last; ++step) {
        auto expected = hotp(m_secret, step, m_parameters);
        if (!expected) {
            return expected.error();
        }
        const bool match = expected->equals(code);
        const bool fresh = !lastAcceptedStep || step > *lastAcceptedStep;
        if (match && fresh && !accepted) {
            accepted = step;
        }
        matchedUsedStep = matchedUsedStep || (match && !fresh);
    }
    if (accepted) {
        return *accepted;
    }
    if (matchedUsedStep) {
        return makeError(ErrorCode::Replayed,
            QStringLiteral("This code has already been used. Wait for the authenticator app to show the "
                           "next code and enter that one."));
    }
    return makeError(ErrorCode::WrongCode,
        QStringLiteral("The code is not correct. Enter the code the authenticator app shows now, and check "
                       "that the device's clock is right."));
}

} // namespace ward::crypto::otp
