#include "crypto/Sha1.h"

#include <algorithm>
#include <bit>

namespace ward::crypto::detail {

namespace {

std::uint32_t loadBigEndian32(const std::uint8_t* p)
{
    return (std::uint32_t { p[0] } << 24) | (std::uint32_t { p[1] } << 16) | (std::uint32_t { p[2] } << 8)
        | std::uint32_t { p[3] };
}

void storeBigEndian32(std::uint8_t* p, std::uint32_t v)
{
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
}

void compress(std::array<std::uint32_t, 5>& h, const std::uint8_t* block)
{
    std::array<std::uint32_t, 80> w {};
    for (std::size_t t = 0; t < 16; ++t) {
        w[t] = loadBigEndian32(block + 4 * t);
    }
    for (std::size_t t = 16; t < 80; ++t) {
        w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    }
    std::uint32_t a = h[0];
    std::uint32_t b = h[1];
    std::uint32_t c = h[2];
    std::uint32_t d = h[3];
    std::uint32_t e = h[4];
    for (std::size_t t = 0; t < 80; ++t) {
        std::uint32_t f = 0;
        std::uint32_t k = 0;
        if (t < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999U;
        } else if (t < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1U;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdcU;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6U;
        }
        const std::uint32_t temp = std::rotl(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = std::rotl(b, 30);
        b = a;
        a = temp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    w.fill(0); // the message schedule may hold key material (HMAC keys pass through here)
}

} // namespace

void sha1Init(Sha1State& state)
{
    state = Sha1State {};
    state.h = { 0x67452301U, 0xefcdab89U, 0x98badcfeU, 0x10325476U, 0xc3d2e1f0U };
}

void sha1Update(Sha1State& state, const std::uint8_t* data, std::size_t size)
{
    state.totalBytes += size;
    while (size > 0) {
        const std::size_t take = std::min(size, kSha1BlockBytes - state.blockUsed);
        std::copy(data, data + take, state.block.begin() + static_cast<std::ptrdiff_t>(state.blockUsed));
        state.blockUsed += take;
        data += take;
        size -= take;
        if (state.blockUsed == kSha1BlockBytes) {
            compress(state.h, state.block.data());
            state.blockUsed = 0;
        }
    }
}

void sha1Final(Sha1State& state, std::uint8_t* digest)
{
    const std::uint64_t totalBits = state.totalBytes * 8;
    const std::uint8_t one = 0x80;
    const std::uint8_t zero = 0x00;
    sha1Update(state, &one, 1);
    while (state.blockUsed != kSha1BlockBytes - 8) {
        sha1Update(state, &zero, 1);
    }
    std::array<std::uint8_t, 8> length {};
    for (std::size_t i = 0; i < 8; ++i) {
        length[i] = static_cast<std::uint8_t>(totalBits >> (56 - 8 * i));
    }
    sha1Update(state, length.data(), length.size());
    for (std::size_t i = 0; i < 5; ++i) {
        storeBigEndian32(digest + 4 * i, state.h[i]);
    }
}

} // namespace ward::crypto::detail
