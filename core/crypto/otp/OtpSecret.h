// The shared secret behind one-time passwords. RFC 4226 asks for at least 128 bits; Ward generates as many
// bytes as the HMAC hash's output (20, 32 or 64), the sizes RFC 6238's reference seeds use.
#pragma once

#include "common/Result.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"

#include <cstddef>

namespace ward::crypto::otp {

inline constexpr std::size_t kMinSecretBytes = 16;
inline constexpr std::size_t kMaxSecretBytes = 128;

// InvalidArgument when the secret is shorter than kMinSecretBytes or longer than kMaxSecretBytes.
Status checkSecret(const SecretBytes& secret);

// 20 bytes for SHA-1, 32 for SHA-256, 64 for SHA-512 (the hash's output length).
std::size_t generatedSecretBytes(HashAlgorithm algorithm);

// A fresh random secret of generatedSecretBytes(algorithm) bytes.
SecretBytes generateSecret(HashAlgorithm algorithm);

} // namespace ward::crypto::otp
