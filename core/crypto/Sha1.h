// SHA-1 (FIPS 180-4), written for HMAC-SHA1 in HOTP/TOTP (RFC 4226 and 6238), which authenticator apps
// still default to. SHA-1 is not collision resistant; nothing else in Ward may use it. Reach it through
// Hasher (Hash.h) rather than directly.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace ward::crypto::detail {

inline constexpr std::size_t kSha1DigestBytes = 20;
inline constexpr std::size_t kSha1BlockBytes = 64;

struct Sha1State {
    std::array<std::uint32_t, 5> h {};
    std::array<std::uint8_t, kSha1BlockBytes> block {};
    std::size_t blockUsed = 0;
    std::uint64_t totalBytes = 0;
};

void sha1Init(Sha1State& state);
void sha1Update(Sha1State& state, const std::uint8_t* data, std::size_t size);
void sha1Final(Sha1State& state, std::uint8_t* digest);

} // namespace ward::crypto::detail
