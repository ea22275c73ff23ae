// Base32 as OTP secrets use it: RFC 4648 section 10's vectors both ways, the leniency authenticator apps need
// (lower case, spaces, padding) and the strictness that keeps a typo from becoming a different secret.
#include "TestSupport.h"

#include "crypto/otp/Base32.h"

#include <catch2/catch.hpp>

#include <string>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::otp;
using ward::test::secret;

namespace {

std::string text(const SecretBytes& bytes)
{
    return std::string(bytes.chars(), bytes.size());
}

Result<SecretBytes> decode(const std::string& encoded)
{
    return base32Decode(secret(encoded));
}

} // namespace

TEST_CASE("Base32 encodes and decodes the RFC 4648 test vectors", "[otp]")
{
    const std::pair<std::string, std::string> kVectors[] = {
        { "", "" },
        { "f", "MY======" },
        { "fo", "MZXQ====" },
        { "foo", "MZXW6===" },
        { "foob", "MZXW6YQ=" },
        { "fooba", "MZXW6YTB" },
        { "foobar", "MZXW6YTBOI======" },
    };
    for (const auto& [plain, encoded] : kVectors) {
        INFO("'" << plain << "'");
        CHECK(text(base32Encode(secret(plain))) == encoded);
        auto decoded = decode(encoded);
        REQUIRE(decoded.ok());
        CHECK(text(*decoded) == plain);

        // Without padding, as otpauth links carry it.
        std::string bare = encoded;
        bare.erase(bare.find_last_not_of('=') + 1);
        CHECK(text(base32Encode(secret(plain), Base32Padding::Omit)) == bare);
        REQUIRE(decode(bare).ok());
        CHECK(text(decode(bare).value()) == plain);
    }
}

TEST_CASE(
    "Base32 decoding takes lower case, spaces and padding the way authenticator apps write them", "[otp]")
{
    const std::string expected = "12345678901234567890";
    for (const char* variant : { "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
             "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", "gezd gnbv gy3t qojq gezd gnbv gy3t qojq ",
             " GeZdGnBvGy3TqOjQgEzDgNbVgY3tQoJq" }) {
        INFO(variant);
        auto decoded = decode(variant);
        REQUIRE(decoded.ok());
        CHECK(text(*decoded) == expected);
    }
    CHECK(text(decode("MZXW6 YQ= ").value()) == "foob");
    CHECK(text(decode("MZXW6YQ").value()) == "foob");
}

TEST_CASE("Base32 decoding refuses other characters, misplaced padding and impossible endings", "[otp]")
{
    for (const char* bad : { "MZXW6YQ0", "MZXW6YQ1", "MZXW6YQ8", "MZXW6Y!=", "MZXW-6YQ", "MZ\tXW6YQ",
             "MZXW\xC3\xA9YQ", "MZ=XW6YQ", "MY=A====", // a character, then padding, then a character
             "M", "MZX", "MZXW6Y", // 1, 3 and 6 characters encode no byte string
             "MZ", "MZXR", "MZXW7", "MZXW6YR" }) { // non-zero unused bits: a mistyped last character
        INFO(bad);
        auto decoded = decode(bad);
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().code == ErrorCode::InvalidArgument);
        CHECK(decoded.error().message.startsWith(QStringLiteral("The base32 text")));
        CHECK_FALSE(decoded.error().message.contains(QLatin1String(bad)));
    }
    CHECK(decode(std::string(kMaxBase32TextBytes, 'A')).ok());
    CHECK_FALSE(decode(std::string(kMaxBase32TextBytes + 8, 'A')).ok());
}

TEST_CASE("Base32 round-trips random byte strings of every length up to 64", "[otp]")
{
    for (std::size_t size = 0; size <= 64; ++size) {
        const SecretBytes bytes = SecretBytes::random(size);
        for (const Base32Padding padding : { Base32Padding::Include, Base32Padding::Omit }) {
            const SecretBytes encoded = base32Encode(bytes, padding);
            CHECK(encoded.size()
                == (padding == Base32Padding::Include ? (size + 4) / 5 * 8 : (size * 8 + 4) / 5));
            auto decoded = base32Decode(encoded);
            REQUIRE(decoded.ok());
            CHECK(decoded->equals(bytes));
        }
    }
}
