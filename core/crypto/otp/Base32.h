// Base32 (RFC 4648 section 6, upper-case alphabet A-Z 2-7), the form authenticator apps show and take OTP
// secrets in. Text and bytes are SecretBytes because what is encoded here is almost always a secret.
// Decoding is lenient only where people and apps are: lower case, spaces between groups and '=' padding at
// the end. Anything else, an impossible length or non-zero unused bits is refused, so every accepted text
// names exactly one byte string.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <cstddef>
#include <cstdint>

namespace ward::crypto::otp {

// Longest text base32Decode reads, spaces and padding included.
inline constexpr std::size_t kMaxBase32TextBytes = 1024;

enum class Base32Padding { Include, Omit };

SecretBytes base32Encode(
    const std::uint8_t* data, std::size_t size, Base32Padding padding = Base32Padding::Include);
SecretBytes base32Encode(const SecretBytes& data, Base32Padding padding = Base32Padding::Include);

// InvalidArgument with a sentence that never quotes the text (it is usually a secret).
Result<SecretBytes> base32Decode(const std::uint8_t* text, std::size_t size);
Result<SecretBytes> base32Decode(const SecretBytes& text);

} // namespace ward::crypto::otp
