// wardctl crypto as a script runs it: TOTP codes from RFC 6238's table (secret on stdin and, for scripts,
// as an argument), a safety number that is the same from both sides, and bad input refused with exit status
// 2 (usage) or 1 (failure) and exactly one line on stderr that never repeats the secret.
#include "WardctlRunner.h"

#include <catch2/catch.hpp>

using ward::test::WardctlRun;

namespace {

constexpr char kSha1Seed[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // RFC 6238's 20-byte seed in base32
constexpr char kSha256Seed[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====";
constexpr char kSha512Seed[]
    = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY"
      "3TQOJQGEZDGNA=";

// wardctl crypto ARGS, with no profile: these commands never open one.
WardctlRun wardctl(const QStringList& args, const QByteArray& input = {})
{
    const ward::test::Wardctl ctl;
    return ctl.run(QStringList { QStringLiteral("crypto") } + args, input, false);
}

WardctlRun totpWith(const char* seed, const QStringList& options)
{
    return wardctl(
        QStringList { QStringLiteral("totp"), QStringLiteral("--secret"), QLatin1String(seed) } + options);
}

// One "wardctl: ..." line and the expected status; nothing on stdout and never the secret.
void checkFailure(const WardctlRun& run, int exitCode)
{
    ward::test::checkWardctlFailure(run, exitCode);
    INFO(run);
    CHECK(run.out.isEmpty());
    CHECK_FALSE(run.err.contains("GEZDGNBV"));
}

const QStringList kSafetyInputs = {
    QStringLiteral("--local-key"),
    QStringLiteral("ed030a11181f262d343b424950575e656c737a81888f969da4abb2b9c0c7ced5dc"),
    QStringLiteral("--local-id"),
    QStringLiteral("alice@0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
    QStringLiteral("--remote-key"),
    QStringLiteral("EDFFF4E9DED3C8BDB2A79C91867B70655A4F44392E23180D02F7ECE1D6CBC0B5AA"),
    QStringLiteral("--remote-id"),
    QStringLiteral("dr.ruiz@0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
};

} // namespace

TEST_CASE("wardctl crypto totp prints RFC 6238's codes", "[wardctl][otp]")
{
    const QStringList at59
        = { QStringLiteral("--time"), QStringLiteral("59"), QStringLiteral("--digits"), QStringLiteral("8") };
    const WardctlRun sha1 = totpWith(kSha1Seed, at59);
    INFO(sha1);
    CHECK(sha1.exitCode == 0);
    CHECK(sha1.out == "94287082\n");
    CHECK(sha1.err.isEmpty());

    const WardctlRun fromStdin
        = wardctl(QStringList { QStringLiteral("totp"), QStringLiteral("--secret-stdin") } + at59,
            QByteArray(kSha1Seed) + '\n');
    INFO(fromStdin);
    CHECK(fromStdin.exitCode == 0);
    CHECK(fromStdin.out == "94287082\n");

    const QStringList at1111111109 = { QStringLiteral("--time"), QStringLiteral("1111111109"),
        QStringLiteral("--digits"), QStringLiteral("8"), QStringLiteral("--algorithm") };
    CHECK(totpWith(kSha256Seed, at1111111109 + QStringList { QStringLiteral("SHA256") }).out == "68084774\n");
    CHECK(totpWith(kSha512Seed, at1111111109 + QStringList { QStringLiteral("SHA512") }).out == "25091201\n");

    // Six digits by default; a 60-second period puts time 59 in step 0, which is RFC 4226's counter 0.
    CHECK(totpWith(kSha1Seed, { QStringLiteral("--time"), QStringLiteral("59") }).out == "287082\n");
    CHECK(totpWith(kSha1Seed,
              { QStringLiteral("--time"), QStringLiteral("59"), QStringLiteral("--period"),
                  QStringLiteral("60") })
              .out
        == "755224\n");
    // Without --time, the current time: some six-digit code.
    const WardctlRun now = totpWith(kSha1Seed, {});
    CHECK(now.exitCode == 0);
    CHECK(now.out.size() == 7);
}

TEST_CASE(
    "wardctl crypto safety-number prints the same 60 digits from both sides", "[wardctl][safety-number]")
{
    const WardctlRun mine = wardctl(QStringList { QStringLiteral("safety-number") } + kSafetyInputs);
    INFO(mine);
    CHECK(mine.exitCode == 0);
    CHECK(mine.out == "422961547772185094413151891501896397939266083274844918138917\n");
    CHECK(mine.err.isEmpty());

    const QStringList swapped
        = { QStringLiteral("--remote-key"), kSafetyInputs[1], QStringLiteral("--remote-id"), kSafetyInputs[3],
              QStringLiteral("--local-key"), kSafetyInputs[5], QStringLiteral("--local-id"), kSafetyInputs[7],
              QStringLiteral("--iterations"), QStringLiteral("5200") };
    CHECK(wardctl(QStringList { QStringLiteral("safety-number") } + swapped).out == mine.out);

    const WardctlRun quick = wardctl(QStringList { QStringLiteral("safety-number") } + kSafetyInputs
        + QStringList { QStringLiteral("--iterations"), QStringLiteral("2") });
    CHECK(quick.out == "167999498607478756953619153046803250963901480667970327346910\n");
}

TEST_CASE("wardctl crypto refuses bad input with one plain line", "[wardctl][otp][safety-number]")
{
    const QString totp = QStringLiteral("totp");
    const QString secret = QStringLiteral("--secret");
    SECTION("usage errors exit 2")
    {
        checkFailure(wardctl({ totp }), 2);
        checkFailure(wardctl({ totp, secret, QLatin1String(kSha1Seed), QStringLiteral("--secret-stdin") },
                         QByteArray(kSha1Seed) + '\n'),
            2);
        checkFailure(totpWith(kSha1Seed, { QStringLiteral("--digits"), QStringLiteral("9") }), 2);
        checkFailure(totpWith(kSha1Seed, { QStringLiteral("--digits"), QStringLiteral("six") }), 2);
        checkFailure(totpWith(kSha1Seed, { QStringLiteral("--algorithm"), QStringLiteral("MD5") }), 2);
        checkFailure(totpWith(kSha1Seed, { QStringLiteral("--time"), QStringLiteral("yesterday") }), 2);
        checkFailure(totpWith(kSha1Seed, { QStringLiteral("--time"), QStringLiteral("-1") }), 2);
        checkFailure(totpWith(kSha1Seed, { QStringLiteral("--period"), QStringLiteral("0") }), 2);
        checkFailure(totpWith(kSha1Seed, { QStringLiteral("--counter"), QStringLiteral("1") }), 2);
        checkFailure(wardctl({ QStringLiteral("hotp") }), 2);
        checkFailure(wardctl({}), 2);

        const QString safety = QStringLiteral("safety-number");
        checkFailure(wardctl(QStringList { safety } + kSafetyInputs.mid(0, 6)), 2);
        QStringList notHex = kSafetyInputs;
        notHex[1] = QStringLiteral("ed03zz");
        checkFailure(wardctl(QStringList { safety } + notHex), 2);
        notHex[1] = QStringLiteral("ed0");
        checkFailure(wardctl(QStringList { safety } + notHex), 2);
        for (const char* iterations : { "1", "1000001", "many" }) {
            checkFailure(wardctl(QStringList { safety } + kSafetyInputs
                             + QStringList { QStringLiteral("--iterations"), QLatin1String(iterations) }),
                2);
        }
    }
    SECTION("a bad secret exits 1 and is not repeated")
    {
        checkFailure(wardctl({ totp, secret, QStringLiteral("GEZDGNBV1") }), 1);
        checkFailure(wardctl({ totp, secret, QStringLiteral("GEZDGNBVGY3TQOJQ") }), 1); // 80 bits
        const WardctlRun empty = wardctl({ totp, QStringLiteral("--secret-stdin") });
        checkFailure(empty, 1);
        CHECK(empty.err.contains("No TOTP secret was given on standard input"));
        checkFailure(wardctl({ totp, QStringLiteral("--secret-stdin") }, "GEZDGNBVGY3TQOJ!\n"), 1);
        const WardctlRun tooShort = wardctl({ totp, QStringLiteral("--secret-stdin") }, "GEZDGNBVGY3TQOJQ\n");
        checkFailure(tooShort, 1);
        CHECK(tooShort.err.contains("at least 128 bits"));
    }
}
