// The TOTP verifier as a sign-in uses it: a code is good for its own step and one either side, never twice,
// never for an earlier step than the last one accepted, and the three ways of failing are told apart.
#include "TestSupport.h"

#include "crypto/otp/Totp.h"
#include "crypto/otp/TotpVerifier.h"

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::otp;
using ward::test::secret;

namespace {

constexpr std::int64_t kNow = 1'111'111'109; // inside step 37037036 of 30 seconds
constexpr std::uint64_t kNowStep = 37'037'036;

SecretBytes rfcSeed()
{
    return secret("12345678901234567890");
}

TotpVerifier verifier(const OtpParameters& parameters = {})
{
    auto v = TotpVerifier::create(rfcSeed(), parameters);
    REQUIRE(v.ok());
    return std::move(v).value();
}

// The code an authenticator app shows `steps` periods away from kNow.
SecretBytes codeAt(int steps, const OtpParameters& parameters = {})
{
    auto code = totp(rfcSeed(), kNow + std::int64_t { steps } * parameters.periodSeconds, parameters);
    REQUIRE(code.ok());
    return std::move(code).value();
}

} // namespace

TEST_CASE("A TOTP code is accepted for the current step and one step either side", "[otp]")
{
    for (const OtpParameters& parameters : { OtpParameters {}, OtpParameters { HashAlgorithm::Sha256, 8, 60 },
             OtpParameters { HashAlgorithm::Sha512, 7, 30 } }) {
        const TotpVerifier v = verifier(parameters);
        const std::uint64_t now = totpStep(kNow, parameters.periodSeconds).value();
        for (const int offset : { -1, 0, 1 }) {
            INFO("offset " << offset << ", " << parameters.digits << " digits");
            auto accepted = v.verify(codeAt(offset, parameters), kNow, std::nullopt);
            REQUIRE(accepted.ok());
            CHECK(*accepted == now + static_cast<std::uint64_t>(std::int64_t { offset }));
        }
        for (const int offset : { -3, -2, 2, 3 }) {
            INFO("offset " << offset);
            auto refused = v.verify(codeAt(offset, parameters), kNow, std::nullopt);
            REQUIRE_FALSE(refused.ok());
            CHECK(refused.error().code == ErrorCode::WrongCode);
        }
    }
}

TEST_CASE("A TOTP code is never accepted twice, nor for a step before the last one accepted", "[otp]")
{
    const TotpVerifier v = verifier();
    auto first = v.verify(codeAt(0), kNow, std::nullopt);
    REQUIRE(first.ok());
    CHECK(*first == kNowStep);

    // The same code again, within its window: refused as a reuse, not as a wrong code.
    auto again = v.verify(codeAt(0), kNow + 5, *first);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::Replayed);
    CHECK(again.error().message.contains(QStringLiteral("already been used")));

    // The previous step's code is still in the window, but it is older than what was accepted.
    auto older = v.verify(codeAt(-1), kNow, *first);
    REQUIRE_FALSE(older.ok());
    CHECK(older.error().code == ErrorCode::Replayed);

    // The next step's code is fresh, and then the current one is no longer acceptable either.
    auto next = v.verify(codeAt(1), kNow, *first);
    REQUIRE(next.ok());
    CHECK(*next == kNowStep + 1);
    CHECK(v.verify(codeAt(0), kNow, *next).error().code == ErrorCode::Replayed);

    // A wrong code stays a wrong code whatever was accepted before.
    CHECK(v.verify(codeAt(5), kNow, *next).error().code == ErrorCode::WrongCode);
}

TEST_CASE("A TOTP code that is not exactly the right number of digits is malformed", "[otp]")
{
    const TotpVerifier v = verifier();
    const std::string good(codeAt(0).chars(), 6);
    for (const std::string& bad : { std::string(), good.substr(0, 5), good + "0", " " + good.substr(1),
             good.substr(0, 5) + "a", good.substr(0, 3) + "-" + good.substr(3, 2), std::string("12345\n") }) {
        INFO("'" << bad << "'");
        auto refused = v.verify(secret(bad), kNow, std::nullopt);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::InvalidArgument);
        CHECK(refused.error().message.contains(QStringLiteral("6 digits")));
    }
    CHECK(v.verify(secret(good), kNow, std::nullopt).ok());
}

TEST_CASE("The TOTP verifier works at the epoch and refuses a clock before it", "[otp]")
{
    const TotpVerifier v = verifier();
    auto atZero = totp(rfcSeed(), 0, {});
    REQUIRE(atZero.ok());
    CHECK(v.verify(*atZero, 0, std::nullopt).value() == 0);
    CHECK(v.verify(*atZero, 30, std::nullopt).value() == 0);
    CHECK(v.verify(*atZero, -1, std::nullopt).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("A TOTP verifier cannot be made with a short secret or bad parameters", "[otp]")
{
    CHECK(TotpVerifier::create(secret("0123456789"), {}).error().code == ErrorCode::InvalidArgument);
    CHECK(TotpVerifier::create(rfcSeed(), { HashAlgorithm::Sha1, 10, 30 }).error().code
        == ErrorCode::InvalidArgument);
    CHECK(TotpVerifier::create(rfcSeed(), { HashAlgorithm::Blake2b, 6, 30 }).error().code
        == ErrorCode::InvalidArgument);
}
