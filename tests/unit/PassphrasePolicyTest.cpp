#include "policy/PassphrasePolicy.h"
#include "policy/PasswordBlocklist.h"

#include "crypto/SecretBytes.h"

#include <QBuffer>
#include <QByteArray>
#include <QString>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using ward::ErrorCode;
using ward::crypto::SecretBytes;
using ward::policy::PassphraseCheck;
using ward::policy::PassphrasePolicy;
using ward::policy::PassphraseProblem;
using ward::policy::PassphraseRules;
using ward::policy::PasswordBlocklist;

namespace {

SecretBytes secret(std::string_view text)
{
    return SecretBytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

std::string_view view(const SecretBytes& bytes)
{
    return std::string_view(bytes.chars(), bytes.size());
}

// What the UI does: normalise, then check.
PassphraseCheck checkTyped(const PassphrasePolicy& policy, std::string_view typed)
{
    auto normalized = PassphrasePolicy::normalize(secret(typed));
    REQUIRE(normalized.ok());
    return policy.check(normalized.value());
}

// Deterministic "random" lowercase words, so that long inputs contain no accidental pattern.
std::string pseudoRandomWords(std::size_t length, std::uint32_t seed)
{
    std::string out;
    std::uint32_t state = seed;
    while (out.size() < length) {
        state = state * 1664525U + 1013904223U;
        const std::uint32_t pick = (state >> 16U) % 27U;
        if (pick == 26U && !out.empty() && out.back() != ' ') {
            out.push_back(' ');
        } else {
            out.push_back(static_cast<char>('a' + (pick % 26U)));
        }
    }
    return out;
}

} // namespace

TEST_CASE("normalize returns the NFKC form, so equivalent input gives identical bytes", "[policy]")
{
    SECTION("full-width letters and digits become ASCII")
    {
        auto r = PassphrasePolicy::normalize(secret("ｐａｓｓｗｏｒｄ１２３"));
        REQUIRE(r.ok());
        CHECK(view(r.value()) == "password123");
    }
    SECTION("the fi ligature becomes two letters")
    {
        auto r = PassphrasePolicy::normalize(secret("\xEF\xAC\x81nal draft")); // U+FB01
        REQUIRE(r.ok());
        CHECK(view(r.value()) == "final draft");
    }
    SECTION("composed and decomposed e-acute give the same bytes")
    {
        auto composed = PassphrasePolicy::normalize(secret("caf\xC3\xA9 au lait")); // U+00E9
        auto decomposed = PassphrasePolicy::normalize(secret("cafe\xCC\x81 au lait")); // e + U+0301
        REQUIRE(composed.ok());
        REQUIRE(decomposed.ok());
        CHECK(composed.value().equals(decomposed.value()));
        CHECK(view(composed.value()) == "caf\xC3\xA9 au lait");
    }
    SECTION("a character that expands a lot still normalises (U+FDFA, 18 code points in NFKC)")
    {
        auto r = PassphrasePolicy::normalize(secret("\xEF\xB7\xBA"));
        REQUIRE(r.ok());
        CHECK(r.value().size() == 33);
    }
    SECTION("plain ASCII, emoji and the empty string pass through unchanged")
    {
        for (const std::string_view text :
            { "tundra pickle orbit", "\xF0\x9F\x8D\x8E\xF0\x9F\x9A\x80", "" }) {
            auto r = PassphrasePolicy::normalize(secret(text));
            REQUIRE(r.ok());
            CHECK(view(r.value()) == text);
        }
    }
}

TEST_CASE("normalize rejects invalid UTF-8 with a plain message", "[policy]")
{
    const std::vector<std::string_view> invalid = {
        "valid start \xFF",
        "truncated \xC3",
        "overlong slash \xC0\xAF",
        "lone surrogate \xED\xA0\x80",
        "past U+10FFFF \xF4\x90\x80\x80",
        "stray continuation \x80 byte",
    };
    for (const std::string_view text : invalid) {
        CAPTURE(text.size());
        auto r = PassphrasePolicy::normalize(secret(text));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::InvalidArgument);
        CHECK(r.error().message.contains(QStringLiteral("not valid text")));
    }
    // check() given raw bytes refuses them the same way rather than guessing.
    const PassphrasePolicy policy;
    const PassphraseCheck c = policy.check(secret("twelve chars \xFF\xFF and more"));
    CHECK_FALSE(c.acceptable);
    CHECK(c.reason == PassphraseProblem::InvalidText);
    CHECK(policy.enforce(secret("\xFF")).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("length limits count code points, not bytes", "[policy]")
{
    const PassphrasePolicy policy;
    // Twelve unrelated emoji: 48 bytes, 12 code points, none next to another in code point order.
    const std::vector<std::string_view> emoji
        = { "🍎", "🚀", "🌵", "🐙", "🎻", "🧀", "🦉", "🔭", "🍄", "🛶", "🧭", "🐢" };
    std::string twelve;
    for (const auto e : emoji) {
        twelve += e;
    }
    const PassphraseCheck ok = checkTyped(policy, twelve);
    CHECK(ok.codePoints == 12);
    CHECK(ok.acceptable);
    CHECK(ok.problem.isEmpty());

    const std::string eleven = twelve.substr(0, twelve.size() - 4);
    const PassphraseCheck shortOne = checkTyped(policy, eleven);
    CHECK(shortOne.codePoints == 11);
    CHECK_FALSE(shortOne.acceptable);
    CHECK(shortOne.reason == PassphraseProblem::TooShort);
    CHECK(shortOne.problem.contains(QStringLiteral("12")));

    CHECK(checkTyped(policy, "").reason == PassphraseProblem::TooShort);
}

TEST_CASE("long passphrases: 256 accepted, over the maximum refused, maximum never below 256", "[policy]")
{
    const PassphrasePolicy policy;
    REQUIRE(policy.rules().maxLength == 1024);

    const std::string long256 = pseudoRandomWords(256, 7);
    const PassphraseCheck c256 = checkTyped(policy, long256);
    CHECK(c256.codePoints == 256);
    CHECK(c256.acceptable);
    CHECK(c256.score == 4);

    const PassphraseCheck tooLong = checkTyped(policy, pseudoRandomWords(1025, 7));
    CHECK_FALSE(tooLong.acceptable);
    CHECK(tooLong.reason == PassphraseProblem::TooLong);
    CHECK(tooLong.problem.contains(QStringLiteral("1024")));

    const PassphrasePolicy stingy(PassphraseRules { 12, 100 });
    CHECK(stingy.rules().maxLength == PassphrasePolicy::kMaxLengthFloor);
    CHECK(stingy.check(secret(long256)).acceptable);
    CHECK(PassphrasePolicy(PassphraseRules { 12, 1 << 30 }).rules().maxLength
        == PassphrasePolicy::kMaxLengthCeiling);

    // Input far beyond any limit is refused before normalisation does any work on it.
    const std::string huge(PassphrasePolicy::kMaxInputBytes + 1, 'x');
    CHECK(PassphrasePolicy::normalize(secret(huge)).error().code == ErrorCode::InvalidArgument);
    CHECK(policy.check(secret(huge)).reason == PassphraseProblem::TooLong);
}

TEST_CASE("minLength can be raised by policy but not lowered below the default", "[policy]")
{
    const std::string_view sixteen = "tundra pickle ox"; // 16 code points
    CHECK(PassphrasePolicy().check(secret(sixteen)).acceptable);

    const PassphrasePolicy strict(PassphraseRules { 20, 1024 });
    const PassphraseCheck c = strict.check(secret(sixteen));
    CHECK_FALSE(c.acceptable);
    CHECK(c.reason == PassphraseProblem::TooShort);
    CHECK(c.problem.contains(QStringLiteral("20")));
    CHECK(strict.check(secret("tundra pickle orbit ox")).acceptable);

    const PassphrasePolicy lax(PassphraseRules { 6, 1024 });
    CHECK(lax.rules().minLength == PassphrasePolicy::kMinLengthFloor);
    CHECK(lax.check(secret("quartz fig")).reason == PassphraseProblem::TooShort);
}

TEST_CASE("common passwords and their usual disguises are refused", "[policy]")
{
    const PassphrasePolicy policy;
    struct Case {
        std::string_view typed;
        PassphraseProblem expected;
    };
    const std::vector<Case> cases = {
        { "Password1234", PassphraseProblem::CommonPassword },
        { "PASSWORD1234", PassphraseProblem::CommonPassword },
        { "ｐａｓｓｗｏｒｄ１２３４", PassphraseProblem::CommonPassword }, // full-width, after NFKC
        { "password1234!", PassphraseProblem::DecoratedCommonPassword },
        { "iloveyou2024", PassphraseProblem::DecoratedCommonPassword },
        { "!!2024Iloveyou", PassphraseProblem::DecoratedCommonPassword },
        { "qwertyqwerty", PassphraseProblem::RepeatedCommonPassword },
        { "Passwordpassword", PassphraseProblem::RepeatedCommonPassword },
        { "qwertyqwerty#1", PassphraseProblem::RepeatedCommonPassword },
        { "P@$$w0rd!!!!", PassphraseProblem::SubstitutedCommonPassword },
        { "he11owor1d2024", PassphraseProblem::SubstitutedCommonPassword }, // '1' read as 'l'
        { "1loveyou1loveyou", PassphraseProblem::RepeatedCommonPassword },
    };
    for (const Case& c : cases) {
        CAPTURE(c.typed);
        const PassphraseCheck r = checkTyped(policy, c.typed);
        CHECK_FALSE(r.acceptable);
        CHECK(r.reason == c.expected);
        CHECK(r.score <= 1);
        CHECK_FALSE(r.problem.isEmpty());
    }
    CHECK(checkTyped(policy, "Password1234").problem
        == QStringLiteral("This passphrase is on a list of commonly used passwords. Choose something less "
                          "predictable, such as four or five unrelated words."));
    CHECK(policy.enforce(secret("Password1234")).error().code == ErrorCode::PassphraseRejected);
    CHECK(policy.enforce(secret("tundra pickle orbit lantern")).ok());
}

TEST_CASE("repeated characters, short patterns and sequences are refused", "[policy]")
{
    const PassphrasePolicy policy;
    struct Case {
        std::string_view typed;
        PassphraseProblem expected;
    };
    const std::vector<Case> cases = {
        { "aaaaaaaaaaaa", PassphraseProblem::RepeatedCharacters },
        { "!!!!!!!!!!!!", PassphraseProblem::RepeatedCharacters },
        { "abcabcabcabc", PassphraseProblem::RepeatedCharacters },
        { "1212121212121212", PassphraseProblem::RepeatedCharacters },
        { "ZZZZZZZZzzzz", PassphraseProblem::RepeatedCharacters },
        { "123456789012", PassphraseProblem::Sequence }, { "abcdefghijkl", PassphraseProblem::Sequence },
        { "ZYXWVUTSRQPO", PassphraseProblem::Sequence },
        { "1234567890-=", PassphraseProblem::Sequence }, // the keyboard's digit row
        { "abcdefgh1234", PassphraseProblem::Sequence }, // a run decorated with another run
        { "αβγδεζηθικλμ", PassphraseProblem::Sequence }, // not only ASCII
    };
    for (const Case& c : cases) {
        CAPTURE(c.typed);
        const PassphraseCheck r = checkTyped(policy, c.typed);
        CHECK_FALSE(r.acceptable);
        CHECK(r.reason == c.expected);
        CHECK(r.score <= 1);
    }
    // A short run followed by plenty of unpredictable symbols is not itself a sequence.
    CHECK(checkTyped(policy, "abcd%8#2)9@1~7").acceptable);
}

TEST_CASE("the product's own names are refused, with digits and punctuation around them", "[policy]")
{
    const PassphrasePolicy policy;
    for (const std::string_view typed : { "ward12345678", "WardHealth2024!", "Telemedicine", "telehealth99!!",
             "Tele-Health 2024", "2024 ward ward ward", "TELEMEDICINE#1" }) {
        CAPTURE(typed);
        const PassphraseCheck r = checkTyped(policy, typed);
        CHECK_FALSE(r.acceptable);
        CHECK(r.reason == PassphraseProblem::ProductName);
    }
    // A word that merely contains the name is fine.
    CHECK(checkTyped(policy, "awkward tundra pickle").acceptable);
}

TEST_CASE("there are no composition rules", "[policy]")
{
    const PassphrasePolicy policy;
    for (const std::string_view typed : { "tundra pickle orbit lantern", "vixenmarblequietoven",
             "nøkkel fjell båt sølv", "Кот ест рыбу ночью" }) {
        CAPTURE(typed);
        const PassphraseCheck r = checkTyped(policy, typed);
        CHECK(r.acceptable);
        CHECK(r.problem.isEmpty());
        CHECK(r.reason == PassphraseProblem::None);
        CHECK(r.score >= 2);
    }
}

TEST_CASE("strength estimate", "[policy]")
{
    const PassphrasePolicy policy;

    const PassphraseCheck xkcd = checkTyped(policy, "correct horse battery staple");
    CHECK(xkcd.acceptable);
    CHECK(xkcd.score >= 3);
    CHECK((xkcd.strengthLabel == QStringLiteral("Strong")
        || xkcd.strengthLabel == QStringLiteral("Very strong")));

    const PassphraseCheck common = checkTyped(policy, "Password1234");
    CHECK(common.estimatedBits < 28.0);
    CHECK(common.strengthLabel == QStringLiteral("Very weak"));

    SECTION("a longer random passphrase scores higher than a shorter one")
    {
        const PassphraseCheck shorter = checkTyped(policy, "vixen quartz");
        const PassphraseCheck longer = checkTyped(policy, "vixen quartz mulch fjord");
        CHECK(longer.estimatedBits > shorter.estimatedBits);
        CHECK(longer.score >= shorter.score);
        const PassphraseCheck longest = checkTyped(policy, "vixen quartz mulch fjord plinth sorrel");
        CHECK(longest.estimatedBits > longer.estimatedBits);
        CHECK(longest.score == 4);
    }
    SECTION("patterns count for little")
    {
        // Same length, one a keyboard walk and one a listed word repeated; both far below random letters.
        const double random = checkTyped(policy, "xqjvmtrbzkwp").estimatedBits;
        CHECK(checkTyped(policy, "qwertyasdfgh").estimatedBits < random / 2);
        CHECK(checkTyped(policy, "monkeymonkey").estimatedBits < random / 2);
        CHECK(checkTyped(policy, "aaaaaaaaaaaaaaaaaaaaaaaa").estimatedBits < 28.0);
        CHECK(checkTyped(policy, "19871987dragon").estimatedBits < 36.0);
    }
    SECTION("a refused passphrase scores at most Weak, however long it is")
    {
        const PassphraseCheck shortRandom = checkTyped(policy, "Xk9#mQ2$");
        CHECK(shortRandom.estimatedBits > 36.0);
        CHECK(shortRandom.score <= 1);
        CHECK(shortRandom.reason == PassphraseProblem::TooShort);
    }
    SECTION("scores and labels")
    {
        CHECK(PassphrasePolicy::scoreForBits(0.0) == 0);
        CHECK(PassphrasePolicy::scoreForBits(27.9) == 0);
        CHECK(PassphrasePolicy::scoreForBits(28.0) == 1);
        CHECK(PassphrasePolicy::scoreForBits(36.0) == 2);
        CHECK(PassphrasePolicy::scoreForBits(60.0) == 3);
        CHECK(PassphrasePolicy::scoreForBits(80.0) == 4);
        CHECK(PassphrasePolicy::labelForScore(0) == QStringLiteral("Very weak"));
        CHECK(PassphrasePolicy::labelForScore(1) == QStringLiteral("Weak"));
        CHECK(PassphrasePolicy::labelForScore(2) == QStringLiteral("Fair"));
        CHECK(PassphrasePolicy::labelForScore(3) == QStringLiteral("Strong"));
        CHECK(PassphrasePolicy::labelForScore(4) == QStringLiteral("Very strong"));
    }
}

TEST_CASE("the problem sentence never contains the passphrase", "[policy]")
{
    const PassphrasePolicy policy;
    for (const std::string_view typed : { "Password1234", "password1234!", "qwertyqwerty", "P@$$w0rd!!!!",
             "aaaaaaaaaaaa", "abcdefghijkl", "WardHealth2024!", "short pass", "iloveyou2024" }) {
        CAPTURE(typed);
        const PassphraseCheck r = checkTyped(policy, typed);
        REQUIRE_FALSE(r.acceptable);
        CHECK_FALSE(r.problem.contains(
            QString::fromUtf8(typed.data(), static_cast<qsizetype>(typed.size())), Qt::CaseInsensitive));
    }
}

TEST_CASE("PasswordBlocklist", "[policy]")
{
    SECTION("the built-in list is compiled in and looks right")
    {
        const PasswordBlocklist& list = PasswordBlocklist::builtIn();
        CHECK(list.size() > 25000);
        CHECK(&list == &PasswordBlocklist::builtIn());
        for (const std::string_view word : { "password", "iloveyou", "qwerty", "dragon", "123456" }) {
            CAPTURE(word);
            CHECK(list.contains(word.data(), word.size()));
        }
        CHECK(list.rank("123456", 6) == 1);
        CHECK(list.rank("password", 8) == 2);
        const std::string_view absent = "correct horse battery staple";
        CHECK_FALSE(list.contains(absent.data(), absent.size()));
        CHECK_FALSE(list.contains("PASSWORD", 8)); // the caller lowercases
        CHECK_FALSE(list.contains("# ", 2));
    }
    SECTION("parsing: comments, blank lines, CRLF, case and duplicates")
    {
        const PasswordBlocklist list(
            QByteArray("# a comment\r\n\r\nZebraCrossing\r\n  lantern  \nzebracrossing\n"
                       "lanterns\n#notanentry\n"));
        CHECK(list.size() == 3);
        CHECK(list.rank("zebracrossing", 13) == 1);
        CHECK(list.rank("lantern", 7) == 2);
        CHECK(list.rank("lanterns", 8) == 4);
        CHECK_FALSE(list.contains("#notanentry", 11));
        CHECK_FALSE(list.contains("", 0));
        const auto prefix = list.lookup("lan", 3);
        CHECK(prefix.rank == 0);
        CHECK(prefix.longerEntriesExist);
        const auto exact = list.lookup("lantern", 7);
        CHECK(exact.rank == 2);
        CHECK(exact.longerEntriesExist);
        CHECK_FALSE(list.lookup("lanterns", 8).longerEntriesExist);
        CHECK_FALSE(list.lookup("lz", 2).longerEntriesExist);
    }
    SECTION("from a QIODevice, and as the policy's list")
    {
        QByteArray data("zebracrossing\n");
        QBuffer buffer(&data);
        const PasswordBlocklist list(buffer);
        CHECK(list.contains("zebracrossing", 13));

        const PassphrasePolicy policy(PassphraseRules {}, list);
        CHECK(checkTyped(policy, "ZebraCrossing").reason == PassphraseProblem::CommonPassword);
        CHECK(checkTyped(policy, "zebracrossing42!").reason == PassphraseProblem::DecoratedCommonPassword);
    }
    SECTION("an empty list refuses nothing by itself")
    {
        const PasswordBlocklist empty;
        CHECK(empty.isEmpty());
        CHECK_FALSE(empty.contains("password", 8));
        const PassphrasePolicy policy(PassphraseRules {}, empty);
        CHECK(checkTyped(policy, "tundra pickle orbit").acceptable);
    }
}
