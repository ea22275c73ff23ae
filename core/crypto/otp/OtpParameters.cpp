#include "crypto/otp/OtpParameters.h"

namespace ward::crypto::otp {

Status checkParameters(const OtpParameters& parameters)
{
    const HashAlgorithm a = parameters.algorithm;
    if (a != HashAlgorithm::Sha1 && a != HashAlgorithm::Sha256 && a != HashAlgorithm::Sha512) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("One-time passwords use SHA1, SHA256 or SHA512; choose one of those."));
    }
    if (parameters.digits < kMinDigits || parameters.digits > kMaxDigits) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A one-time password has %1 to %2 digits, not %3.")
                .arg(kMinDigits)
                .arg(kMaxDigits)
                .arg(parameters.digits));
    }
    if (parameters.periodSeconds < kMinPeriodSeconds || parameters.periodSeconds > kMaxPeriodSeconds) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The one-time password period must be %1 to %2 seconds, not %3.")
                .arg(kMinPeriodSeconds)
                .arg(kMaxPeriodSeconds)
                .arg(parameters.periodSeconds));
    }
    return {};
}

QString algorithmName(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Sha1:
        return QStringLiteral("SHA1");
    case HashAlgorithm::Sha256:
        return QStringLiteral("SHA256");
    case HashAlgorithm::Sha512:
        return QStringLiteral("SHA512");
    case HashAlgorithm::Blake2b:
        break;
    }
    return QStringLiteral("unsupported");
}

std::optional<HashAlgorithm> algorithmFromName(QStringView name)
{
    for (const HashAlgorithm a : { HashAlgorithm::Sha1, HashAlgorithm::Sha256, HashAlgorithm::Sha512 }) {
        if (name.compare(algorithmName(a), Qt::CaseInsensitive) == 0) {
            return a;
        }
    }
    return std::nullopt;
}

} // namespace ward::crypto::otp
