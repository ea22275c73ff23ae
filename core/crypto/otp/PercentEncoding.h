// Percent-encoding (RFC 3986 section 2.1) for otpauth links. Encoding leaves only the unreserved characters
// (A-Z a-z 0-9 - . _ ~) as they are, so its output is safe in a path and in a query value alike. Decoding
// takes '+' literally, as RFC 3986 does (it is not a space outside HTML forms).
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>

#include <cstdint>
#include <span>

namespace ward::crypto::otp {

QByteArray percentEncode(const QByteArray& bytes);

// InvalidArgument when a '%' is not followed by two hex digits.
Result<QByteArray> percentDecode(std::span<const std::uint8_t> text);
// The same, for text that holds a secret: the decoded bytes never leave wiped memory.
Result<SecretBytes> percentDecodeSecret(std::span<const std::uint8_t> text);

} // namespace ward::crypto::otp
