#include "policy/PassphrasePatterns.h"

#include "policy/PassphraseText.h"
#include "policy/PasswordBlocklist.h"

#include <unicode/uchar.h>

#include <cstddef>

namespace ward::policy::detail {

namespace {

// Keyboard rows (US layout, unshifted and the shifted digit row), for runs of neighbouring keys.
constexpr std::array<std::string_view, 5> kKeyboardRows
    = { "1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "!@#$%^&*()_+" };

// Row * 32 + column on a US keyboard for printable ASCII (lowercase letters), -1 elsewhere; built once at
// compile time because the estimator asks for every pair of neighbouring characters.
constexpr std::array<std::int16_t, 128> kKeyboardPositions = [] {
    std::array<std::int16_t, 128> table {};
    table.fill(-1);
    for (std::size_t row = 0; row < kKeyboardRows.size(); ++row) {
        for (std::size_t column = 0; column < kKeyboardRows[row].size(); ++column) {
            table[static_cast<unsigned char>(kKeyboardRows[row][column])]
                = static_cast<std::int16_t>(row * 32 + column);
        }
    }
    return table;
}();

int keyboardPosition(UChar32 c)
{
    return c >= 0 && c < 128 ? kKeyboardPositions[static_cast<std::size_t>(c)] : -1;
}

// What people put around a common password to satisfy old composition rules: digits, punctuation, spaces.
bool isDecoration(UChar32 c)
{
    if (c < 0x80) {
        return !isAsciiLower(c) && !isAsciiUpper(c);
    }
    return u_isdigit(c) || u_ispunct(c) || u_isUWhiteSpace(c);
}

struct Span {
    int32_t begin = 0;
    int32_t end = 0;
    int32_t size() const { return end - begin; }
    bool empty() const { return end <= begin; }
};

Span wholeOf(const PassphraseText& text)
{
    return Span { 0, text.length };
}

Span coreOf(const PassphraseText& text)
{
    Span span = wholeOf(text);
    while (span.begin < span.end && isDecoration(text.original[span.begin])) {
        ++span.begin;
    }
    while (span.end > span.begin && isDecoration(text.original[span.end - 1])) {
        --span.end;
    }
    return span;
}

int listedRank(const PasswordBlocklist& list, const char* key, Span span)
{
    if (span.empty()) {
        return 0;
    }
    return list.rank(key + span.begin, static_cast<std::size_t>(span.size()));
}

// The shortest p < size for which the span is the same p code points over and over, or 0.
int32_t repeatPeriod(const UChar32* s, Span span)
{
    const int32_t size = span.size();
    for (int32_t p = 1; p <= size / 2; ++p) {
        if (size % p != 0) {
            continue;
        }
        bool periodic = true;
        for (int32_t i = span.begin; i + p < span.end && periodic; ++i) {
            periodic = s[i] == s[i + p];
        }
        if (periodic) {
            return p;
        }
    }
    return 0;
}

// The letters of the span, ignoring decoration inside it too ("Tele-Health"), spell a product word once or
// more.
bool spellsProductWord(const PassphraseText& text, Span span)
{
    for (const std::string_view word : kProductWords) {
        std::size_t matched = 0;
        bool same = true;
        for (int32_t i = span.begin; i < span.end && same; ++i) {
            if (isDecoration(text.original[i])) {
                continue;
            }
            same = text.key[i] == word[matched % word.size()];
            ++matched;
        }
        if (same && matched != 0 && matched % word.size() == 0) {
            return true;
        }
    }
    return false;
}

bool isRun(const UChar32* lower, Span span)
{
    if (span.size() < kMinRunLength) {
        return false;
    }
    unsigned kinds = kCodeUp | kCodeDown | kKeyRight | kKeyLeft;
    for (int32_t i = span.begin; i + 1 < span.end && kinds != 0; ++i) {
        kinds &= stepKinds(lower[i], lower[i + 1]);
    }
    return kinds != 0;
}

// Short enough, or patterned enough, to add nothing an attacker would not try anyway.
bool isTrivial(const PassphraseText& text, Span span)
{
    if (span.size() <= 4) {
        return true;
    }
    const int32_t period = repeatPeriod(text.lower, span);
    return (period != 0 && period <= 4) || isRun(text.lower, span);
}

} // namespace

unsigned stepKinds(UChar32 a, UChar32 b)
{
    unsigned kinds = 0;
    if (b == a + 1 || (a == '9' && b == '0')) {
        kinds |= kCodeUp;
    }
    if (b == a - 1 || (a == '0' && b == '9')) {
        kinds |= kCodeDown;
    }
    const int keyA = keyboardPosition(a);
    const int keyB = keyboardPosition(b);
    if (keyA >= 0 && keyB >= 0) {
        if (keyB == keyA + 1) {
            kinds |= kKeyRight;
        } else if (keyB == keyA - 1) {
            kinds |= kKeyLeft;
        }
    }
    return kinds;
}

PassphraseProblem findPatternProblem(const PassphraseText& text, const PasswordBlocklist& list)
{
    const Span whole = wholeOf(text);
    const Span core = coreOf(text);
    const bool decorated = core.size() != whole.size() && !core.empty();

    if (spellsProductWord(text, core)) {
        return PassphraseProblem::ProductName;
    }
    if (listedRank(list, text.key, whole) != 0) {
        return PassphraseProblem::CommonPassword;
    }
    for (const Span span : { whole, core }) {
        const int32_t period = repeatPeriod(text.lower, span);
        if (period != 0 && listedRank(list, text.key, Span { span.begin, span.begin + period }) != 0) {
            return PassphraseProblem::RepeatedCommonPassword;
        }
    }
    if (decorated && listedRank(list, text.key, core) != 0) {
        return PassphraseProblem::DecoratedCommonPassword;
    }
    if (text.hasLeet) {
        for (const Span span : { whole, core }) {
            if (listedRank(list, text.unleetI, span) != 0 || listedRank(list, text.unleetL, span) != 0) {
                return PassphraseProblem::SubstitutedCommonPassword;
            }
        }
    }
    // A repeated or sequential core counts only when what surrounds it is as predictable as the core itself:
    // "abcdefgh1234" is a pattern, "abcd" followed by ten random symbols is not.
    const bool checkCore = decorated && core.size() >= kMinRunLength
        && isTrivial(text, Span { whole.begin, core.begin }) && isTrivial(text, Span { core.end, whole.end });
    for (const Span span : { whole, core }) {
        if (span.size() != whole.size() && !checkCore) {
            continue;
        }
        const int32_t period = repeatPeriod(text.lower, span);
        if (period != 0) {
            const Span unit { span.begin, span.begin + period };
            if (period <= 4 || isRun(text.lower, unit) || spellsProductWord(text, unit)) {
                return PassphraseProblem::RepeatedCharacters;
            }
        }
        if (isRun(text.lower, span)) {
            return PassphraseProblem::Sequence;
        }
    }
    return PassphraseProblem::None;
}

} // namespace ward::policy::detail
