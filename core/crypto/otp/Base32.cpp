#include "crypto/otp/Base32.h"

#include <sodium.h>

namespace ward::crypto::otp {

namespace {

// The alphabet is mapped with arithmetic and masks rather than a table or branches, so that the time
// taken does not depend on which characters a secret contains.
std::uint8_t encodeSymbol(unsigned value)
{
    const unsigned v = value & 31U;
    // All ones when v > 25, i.e. a digit from '2' to '7'.
    const unsigned isDigit = 0U - ((25U - v) >> 31);
    return static_cast<std::uint8_t>('A' + v + (isDigit & static_cast<unsigned>('2' - 'A' - 26)));
}

// All ones when lo <= c <= hi, else zero.
unsigned inRange(unsigned c, unsigned lo, unsigned hi)
{
    return (0U - ((c - lo) >> 31 ^ 1U)) & (0U - ((hi - c) >> 31 ^ 1U));
}

// The symbol's value, or 32 when c is not in the alphabet.
unsigned decodeSymbol(std::uint8_t byte)
{
    const unsigned c = byte;
    const unsigned upper = inRange(c, 'A', 'Z');
    const unsigned lower = inRange(c, 'a', 'z');
    const unsigned digit = inRange(c, '2', '7');
    const unsigned none = ~(upper | lower | digit);
    return (upper & (c - 'A')) | (lower & (c - 'a')) | (digit & (c - '2' + 26U)) | (none & 32U);
}

Error malformed(const QString& why)
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("The base32 text %1. Check that it was copied correctly.").arg(why));
}

} // namespace

SecretBytes base32Encode(const std::uint8_t* data, std::size_t size, Base32Padding padding)
{
    const std::size_t symbols = (size * 8 + 4) / 5;
    const std::size_t padded = (size + 4) / 5 * 8;
    SecretBytes out(padding == Base32Padding::Include ? padded : symbols);
    std::uint32_t buffer = 0;
    unsigned bits = 0;
    std::size_t written = 0;
    for (std::size_t i = 0; i < size; ++i) {
        buffer = (buffer << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out.data()[written++] = encodeSymbol(buffer >> bits);
        }
    }
    if (bits > 0) {
        out.data()[written++] = encodeSymbol(buffer << (5 - bits));
    }
    while (written < out.size()) {
        out.data()[written++] = '=';
    }
    sodium_memzero(&buffer, sizeof buffer);
    return out;
}

SecretBytes base32Encode(const SecretBytes& data, Base32Padding padding)
{
    return base32Encode(data.data(), data.size(), padding);
}

Result<SecretBytes> base32Decode(const std::uint8_t* text, std::size_t size)
{
    if (size > kMaxBase32TextBytes) {
        return malformed(QStringLiteral("is longer than %1 characters").arg(kMaxBase32TextBytes));
    }
    SecretBytes out(size * 5 / 8);
    std::uint32_t buffer = 0;
    unsigned bits = 0;
    std::size_t written = 0;
    bool inPadding = false;
    for (std::size_t i = 0; i < size; ++i) {
        if (text[i] == ' ') {
            continue;
        }
        if (text[i] == '=') {
            inPadding = true;
            continue;
        }
        const unsigned value = decodeSymbol(text[i]);
        if (value > 31 || inPadding) {
            sodium_memzero(&buffer, sizeof buffer);
            return value > 31
                ? malformed(QStringLiteral("has a character that is not A-Z or 2-7 (position %1)").arg(i + 1))
                : malformed(QStringLiteral("continues after the '=' padding"));
        }
        buffer = (buffer << 5) | value;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.data()[written++] = static_cast<std::uint8_t>(buffer >> bits);
        }
    }
    const std::uint32_t unused = buffer & ((1U << bits) - 1U);
    sodium_memzero(&buffer, sizeof buffer);
    // A whole symbol left over (5 to 7 bits) cannot come from encoding bytes; it is a dropped or extra
    // character. Non-zero unused bits usually mean a mistyped last character.
    if (bits >= 5) {
        return malformed(QStringLiteral("cannot be the encoding of any bytes; a character is probably "
                                        "missing or extra"));
    }
    if (unused != 0) {
        return malformed(QStringLiteral("does not end the way an encoding does; check its last character"));
    }
    out.resize(written);
    return out;
}

Result<SecretBytes> base32Decode(const SecretBytes& text)
{
    return base32Decode(text.data(), text.size());
}

} // namespace ward::crypto::otp
