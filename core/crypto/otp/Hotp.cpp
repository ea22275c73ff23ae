#include "crypto/otp/Hotp.h"

#include "crypto/Hmac.h"
#include "crypto/otp/OtpSecret.h"

#include <sodium.h>

#include <array>

namespace ward::crypto::otp {

namespace {

std::uint32_t powerOfTen(int digits)
{
    std::uint32_t p = 1;
    for (int i = 0; i < digits; ++i) {
        p *= 10;
    }
    return p;
}

} // namespace

Result<SecretBytes> hotp(const SecretBytes& secret, std::uint64_t counter, const OtpParameters& parameters)
{
    if (auto status = checkParameters(parameters); !status) {
        return status.error();
    }
    if (auto status = checkSecret(secret); !status) {
        return status.error();
    }
    std::array<std::uint8_t, 8> message {};
    for (std::size_t i = 0; i < message.size(); ++i) {
        message[message.size() - 1 - i] = static_cast<std::uint8_t>(counter >> (8 * i));
    }
    const SecretBytes mac = hmac(parameters.algorithm, secret, message.data(), message.size());
    // Dynamic truncation (RFC 4226 section 5.3): the low nibble of the last byte picks 4 bytes, top bit off.
    const std::size_t offset = mac.data()[mac.size() - 1] & 0x0fU;
    std::uint32_t value = (static_cast<std::uint32_t>(mac.data()[offset] & 0x7fU) << 24)
        | (static_cast<std::uint32_t>(mac.data()[offset + 1]) << 16)
        | (static_cast<std::uint32_t>(mac.data()[offset + 2]) << 8) | mac.data()[offset + 3];
    value %= powerOfTen(parameters.digits);

    const auto digits = static_cast<std::size_t>(parameters.digits);
    SecretBytes code(digits);
    for (std::size_t i = 0; i < digits; ++i) {
        code.data()[digits - 1 - i] = static_cast<std::uint8_t>('0' + value % 10);
        value /= 10;
    }
    sodium_memzero(&value, sizeof value);
    return code;
}

} // namespace ward::crypto::otp
