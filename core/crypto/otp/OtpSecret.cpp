#include "crypto/otp/OtpSecret.h"

namespace ward::crypto::otp {

Status checkSecret(const SecretBytes& secret)
{
    if (secret.size() < kMinSecretBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The one-time password secret is too short (%1 bits); it needs at least %2 bits. "
                           "Set up the authenticator again with a new secret.")
                .arg(secret.size() * 8)
                .arg(kMinSecretBytes * 8));
    }
    if (secret.size() > kMaxSecretBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The one-time password secret is longer than %1 bytes; check that it was "
                           "copied correctly.")
                .arg(kMaxSecretBytes));
    }
    return {};
}

std::size_t generatedSecretBytes(HashAlgorithm algorithm)
{
    return hashLength(algorithm);
}

SecretBytes generateSecret(HashAlgorithm algorithm)
{
    return SecretBytes::random(generatedSecretBytes(algorithm));
}

} // namespace ward::crypto::otp
