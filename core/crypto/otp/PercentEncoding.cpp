#include "crypto/otp/PercentEncoding.h"

namespace ward::crypto::otp {

namespace {

bool unreserved(std::uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
}

int hexValue(std::uint8_t c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Calls sink(byte) for each decoded byte; false when an escape is broken.
template <typename Sink> bool decodeInto(std::span<const std::uint8_t> text, Sink sink)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            sink(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {
            return false;
        }
        const int high = hexValue(text[i + 1]);
        const int low = hexValue(text[i + 2]);
        if (high < 0 || low < 0) {
            return false;
        }
        sink(static_cast<std::uint8_t>(high * 16 + low));
        i += 2;
    }
    return true;
}

Error brokenEscape()
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("The link has a '%' that is not followed by two hexadecimal digits."));
}

} // namespace

QByteArray percentEncode(const QByteArray& bytes)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (const char ch : bytes) {
        const auto c = static_cast<std::uint8_t>(ch);
        if (unreserved(c)) {
            out.append(ch);
        } else {
            out.append('%');
            out.append(kHex[c >> 4]);
            out.append(kHex[c & 0x0fU]);
        }
    }
    return out;
}

Result<QByteArray> percentDecode(std::span<const std::uint8_t> text)
{
    QByteArray out;
    out.reserve(static_cast<qsizetype>(text.size()));
    if (!decodeInto(text, [&out](std::uint8_t b) { out.append(static_cast<char>(b)); })) {
        return brokenEscape();
    }
    return out;
}

Result<SecretBytes> percentDecodeSecret(std::span<const std::uint8_t> text)
{
    SecretBytes out(text.size());
    std::size_t used = 0;
    if (!decodeInto(text, [&out, &used](std::uint8_t b) { out.data()[used++] = b; })) {
        return brokenEscape();
    }
    out.resize(used);
    return out;
}

} // namespace ward::crypto::otp
