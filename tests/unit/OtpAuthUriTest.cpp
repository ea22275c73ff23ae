// otpauth links: what Ward builds is what authenticator apps expect (percent-encoded names, unpadded base32,
// every parameter spelled out), it parses back to the same account, the usual variants from other issuers are
// read, and malformed or unsupported links are refused with a sentence that never shows the secret.
#include "TestSupport.h"

#include "crypto/otp/OtpAuthUri.h"
#include "crypto/otp/OtpSecret.h"

#include <catch2/catch.hpp>

#include <string>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::otp;
using ward::test::secret;

namespace {

constexpr char kRfcSeedBase32[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"

std::string text(const SecretBytes& bytes)
{
    return std::string(bytes.chars(), bytes.size());
}

Result<OtpAuthUri> parse(const std::string& link)
{
    return OtpAuthUri::parse(secret(link));
}

OtpAuthUri account(const QString& issuer, const QString& name, const OtpParameters& parameters = {})
{
    return OtpAuthUri { issuer, name, secret("12345678901234567890"), parameters };
}

} // namespace

TEST_CASE("An otpauth link is built with percent-encoded names and every parameter", "[otp]")
{
    auto link = account(QStringLiteral("Ward Clinic"), QStringLiteral("alice@example.org")).build();
    REQUIRE(link.ok());
    CHECK(text(*link)
        == std::string("otpauth://totp/Ward%20Clinic:alice%40example.org?secret=") + kRfcSeedBase32
            + "&issuer=Ward%20Clinic&algorithm=SHA1&digits=6&period=30");

    auto other = account(
        QStringLiteral("Clínica Sur & Co"), QStringLiteral("dr.ruiz+mfa"), { HashAlgorithm::Sha512, 8, 60 })
                     .build();
    REQUIRE(other.ok());
    CHECK(text(*other)
        == std::string("otpauth://totp/Cl%C3%ADnica%20Sur%20%26%20Co:dr.ruiz%2Bmfa?secret=") + kRfcSeedBase32
            + "&issuer=Cl%C3%ADnica%20Sur%20%26%20Co&algorithm=SHA512&digits=8&period=60");
}

TEST_CASE("otpauth links round-trip for every algorithm, digit count and a range of names", "[otp]")
{
    const QString issuers[] = { QStringLiteral("Ward Clinic"), QStringLiteral("Clínica Sur & Co / Norte"),
        QStringLiteral("診療所"), QStringLiteral("a%b?c=d&e#f") };
    const QString names[]
        = { QStringLiteral("alice@example.org"), QStringLiteral("dr. josé ruiz"), QStringLiteral("x+y/z") };
    for (const HashAlgorithm algorithm :
        { HashAlgorithm::Sha1, HashAlgorithm::Sha256, HashAlgorithm::Sha512 }) {
        for (int digits = kMinDigits; digits <= kMaxDigits; ++digits) {
            for (const QString& issuer : issuers) {
                for (const QString& name : names) {
                    const OtpAuthUri original = OtpAuthUri::generate(issuer, name, { algorithm, digits, 45 });
                    auto link = original.build();
                    REQUIRE(link.ok());
                    auto parsed = OtpAuthUri::parse(*link);
                    INFO(text(*link));
                    REQUIRE(parsed.ok());
                    CHECK(parsed->sameAs(original));
                }
            }
        }
    }
}

TEST_CASE("Generated OTP secrets are as long as the hash output and differ each time", "[otp]")
{
    CHECK(OtpAuthUri::generate({}, QStringLiteral("a"), { HashAlgorithm::Sha1, 6, 30 }).secret.size() == 20);
    CHECK(
        OtpAuthUri::generate({}, QStringLiteral("a"), { HashAlgorithm::Sha256, 6, 30 }).secret.size() == 32);
    CHECK(
        OtpAuthUri::generate({}, QStringLiteral("a"), { HashAlgorithm::Sha512, 6, 30 }).secret.size() == 64);
    CHECK_FALSE(generateSecret(HashAlgorithm::Sha1).equals(generateSecret(HashAlgorithm::Sha1)));
}

TEST_CASE("otpauth links from other issuers are read in their usual variants", "[otp]")
{
    const std::string s = kRfcSeedBase32;
    struct Case {
        std::string link;
        QString issuer;
        QString name;
        OtpParameters parameters;
    };
    const Case cases[] = {
        { "otpauth://totp/Example:alice@google.com?secret=" + s + "&issuer=Example",
            QStringLiteral("Example"), QStringLiteral("alice@google.com"), {} },
        { "otpauth://totp/Example%3Aalice%40google.com?secret=" + s, QStringLiteral("Example"),
            QStringLiteral("alice@google.com"), {} },
        { "otpauth://totp/ACME%20Co:%20%20john.doe@email.com?secret=" + s
                + "&issuer=ACME%20Co&algorithm=SHA256&digits=7&period=60",
            QStringLiteral("ACME Co"), QStringLiteral("john.doe@email.com"),
            { HashAlgorithm::Sha256, 7, 60 } },
        { "otpauth://totp/bob?period=15&digits=8&secret=gezd%20gnbv%20gy3t%20qojq%20gezd%20gnbv%20gy3t%20qojq"
          "&issuer=Lab&algorithm=sha512",
            QStringLiteral("Lab"), QStringLiteral("bob"), { HashAlgorithm::Sha512, 8, 15 } },
        { "otpauth://totp/carol?secret=" + s + "%3D%3D%3D%3D", QString(), QStringLiteral("carol"), {} },
    };
    for (const Case& c : cases) {
        INFO(c.link);
        auto parsed = parse(c.link);
        REQUIRE(parsed.ok());
        CHECK(parsed->issuer == c.issuer);
        CHECK(parsed->account == c.name);
        CHECK(parsed->parameters == c.parameters);
        CHECK(text(parsed->secret) == "12345678901234567890");
        // Whatever was read builds a link that reads back the same.
        auto rebuilt = parsed->build();
        REQUIRE(rebuilt.ok());
        CHECK(OtpAuthUri::parse(*rebuilt).value().sameAs(*parsed));
    }
}

TEST_CASE("Malformed or unsupported otpauth links are refused with a plain sentence", "[otp]")
{
    const std::string s = kRfcSeedBase32;
    const std::string base = "otpauth://totp/Ward:alice?secret=" + s;
    const std::string bad[] = {
        "",
        "otpauth://hotp/Ward:alice?secret=" + s + "&counter=1",
        "http://totp/Ward:alice?secret=" + s,
        "OTPAUTH://totp/Ward:alice?secret=" + s,
        "otpauth://totp/Ward:alice",
        "otpauth://totp/Ward:alice?issuer=Ward",
        "otpauth://totp?secret=" + s,
        "otpauth://totp/Ward:alice?secret=GEZDGNBVGY3TQOJ1",
        "otpauth://totp/Ward:alice?secret=GEZDGNBV", // 40 bits
        "otpauth://totp/Ward:alice?secret=",
        base + "&counter=1",
        base + "&image=https%3A%2F%2Fexample.org%2Flogo.png",
        base + "&digits=6&digits=6",
        base + "&secret=" + s,
        base + "&digits=9",
        base + "&digits=5",
        base + "&digits=06",
        base + "&digits=six",
        base + "&period=0",
        base + "&period=3601",
        base + "&period=030",
        base + "&period=-30",
        base + "&algorithm=MD5",
        base + "&algorithm=",
        base + "&issuer=Other",
        base + "&issuer=",
        base + "&&digits=6",
        base + "&digits",
        base + "&=6",
        base + "&",
        base + "#fragment",
        "otpauth://totp/Ward:alice smith?secret=" + s,
        "otpauth://totp/Ward:al\xC3\xAD"
        "ce?secret="
            + s,
        "otpauth://totp/Ward:al%FFce?secret=" + s,
        "otpauth://totp/Ward:al%0Ace?secret=" + s,
        "otpauth://totp/Ward:al%4?secret=" + s,
        "otpauth://totp/Ward:al%GGce?secret=" + s,
        "otpauth://totp/Ward:?secret=" + s,
        "otpauth://totp/:alice?secret=" + s,
        "otpauth://totp/Ward:alice:admin?secret=" + s,
        "otpauth://totp/?secret=" + s,
        base + "&issuer=" + std::string(300, 'W'),
        base + "&issuer=" + std::string(kMaxOtpAuthUriBytes, 'W'),
    };
    for (const std::string& link : bad) {
        INFO(link);
        auto parsed = parse(link);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == ErrorCode::InvalidArgument);
        CHECK(parsed.error().message.startsWith(QStringLiteral("The ")));
        CHECK(parsed.error().message.endsWith(QLatin1Char('.')));
        CHECK_FALSE(parsed.error().message.contains(QLatin1String(kRfcSeedBase32)));
    }
    CHECK(parse(base).ok());
}

TEST_CASE("No otpauth link is built from names or secrets a parser would refuse", "[otp]")
{
    CHECK_FALSE(account(QStringLiteral("Ward:Clinic"), QStringLiteral("alice")).build().ok());
    CHECK_FALSE(account(QStringLiteral("Ward"), QStringLiteral("alice:admin")).build().ok());
    CHECK_FALSE(account(QStringLiteral("Ward"), QString()).build().ok());
    CHECK_FALSE(account(QStringLiteral("Ward"), QStringLiteral(" alice")).build().ok());
    CHECK_FALSE(account(QStringLiteral("Ward"), QStringLiteral("al\nice")).build().ok());
    CHECK_FALSE(account(QStringLiteral("Ward"), QString(257, QLatin1Char('a'))).build().ok());
    CHECK_FALSE(account(QStringLiteral("Ward"), QStringLiteral("alice"), { HashAlgorithm::Sha1, 9, 30 })
                    .build()
                    .ok());
    CHECK_FALSE(
        OtpAuthUri { QStringLiteral("Ward"), QStringLiteral("alice"), secret("short"), {} }.build().ok());
    // A link without an issuer is allowed (other issuers send them) and keeps the label to the account.
    auto bare = account(QString(), QStringLiteral("alice")).build();
    REQUIRE(bare.ok());
    CHECK(text(*bare).starts_with("otpauth://totp/alice?secret="));
}
