#include "policy/PassphrasePolicy.h"

#include "policy/PasswordBlocklist.h"

#include <QCoreApplication>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

namespace ward::policy {

using crypto::SecretBytes;

namespace {

// UAX #15: NFKC and NFKD grow UTF-16 text at most 18-fold. ICU's working buffer holds the output so far plus
// the decomposition of the pending segment, which never exceeds the NFKD length. With that much room up front
// ICU never reallocates the buffer, which would leave a copy of the passphrase in freed, unwiped heap memory.
constexpr int32_t kNfkcMaxExpansion = 18;
constexpr int32_t kNfkcSlack = 32;

// Stands for any non-ASCII code point in the lowercase key; it is not a UTF-8 byte, so no entry contains it.
constexpr char kNotAscii = static_cast<char>(0xFF);

constexpr std::array<std::string_view, 4> kProductWords
    = { "wardhealth", "telemedicine", "telehealth", "ward" };

// Keyboard rows (US layout, unshifted and the shifted digit row), for runs of neighbouring keys.
constexpr std::array<std::string_view, 5> kKeyboardRows
    = { "1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "!@#$%^&*()_+" };
constexpr double kKeyboardKeys = 47.0;

// Estimator tuning. Every recognised pattern costs its own guesses plus one bit for where it sits among
// others.
constexpr double kPatternBits = 1.0;
constexpr int32_t kMaxRepeatUnit = 16;
constexpr double kYearChoices = 200.0; // 1900..2099
constexpr int32_t kMinRunLength = 3;

// Score thresholds in bits, from "Very weak" up.
constexpr std::array<double, 4> kScoreBits = { 28.0, 36.0, 60.0, 80.0 };

// Carves typed arrays out of one SecretBytes block: one sodium_malloc per call rather than one per array,
// since each costs several system calls. The casts are sound: sodium_malloc places a block so that it ends on
// a page boundary, so a block whose size is a multiple of 8 starts 8-aligned, and take() keeps each array
// aligned.
class SecretArena {
public:
    explicit SecretArena(std::size_t bytes)
        : m_block(roundUp(std::max<std::size_t>(bytes, 1), kAlign))
    { }

    template <typename T> T* take(std::size_t count)
    {
        static_assert(alignof(T) <= kAlign);
        m_used = roundUp(m_used, alignof(T));
        T* out = reinterpret_cast<T*>(m_block.data() + m_used);
        m_used += count * sizeof(T);
        Q_ASSERT(m_used <= m_block.size());
        return out;
    }

    template <typename T> static constexpr std::size_t sizeFor(std::size_t count)
    {
        return roundUp(count * sizeof(T), kAlign);
    }

private:
    static constexpr std::size_t kAlign = alignof(double);
    static constexpr std::size_t roundUp(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

    SecretBytes m_block;
    std::size_t m_used = 0;
};

QString tr(const char* text)
{
    return QCoreApplication::translate("ward::policy::PassphrasePolicy", text);
}

QString invalidTextMessage()
{
    return QCoreApplication::translate("ward::policy::PassphrasePolicy",
        "The passphrase contains something that is not valid text. Type it again, or paste it from a source "
        "that uses standard Unicode text.");
}

QString problemMessage(PassphraseProblem problem, const PassphraseRules& rules)
{
    const char* const tryInstead = QT_TRANSLATE_NOOP("ward::policy::PassphrasePolicy",
        "Choose something less predictable, such as four or five unrelated words.");
    switch (problem) {
    case PassphraseProblem::None:
        return {};
    case PassphraseProblem::InvalidText:
        return invalidTextMessage();
    case PassphraseProblem::TooShort:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy",
            "This passphrase is too short. Use at least %1 characters; a few unrelated words are an easy "
            "way to get there.")
            .arg(rules.minLength);
    case PassphraseProblem::TooLong:
        return QCoreApplication::translate(
            "ward::policy::PassphrasePolicy", "This passphrase is too long. Use at most %1 characters.")
            .arg(rules.maxLength);
    case PassphraseProblem::ProductName:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy",
            "This passphrase is based on the name of this app or service, which attackers try first. Choose "
            "something unrelated, such as four or five random words.");
    case PassphraseProblem::CommonPassword:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy",
                   "This passphrase is on a list of commonly used passwords.")
            + QLatin1Char(' ') + tr(tryInstead);
    case PassphraseProblem::RepeatedCommonPassword:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy",
                   "This passphrase repeats a commonly used password, which makes it no harder to guess.")
            + QLatin1Char(' ') + tr(tryInstead);
    case PassphraseProblem::DecoratedCommonPassword:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy",
                   "This passphrase is a commonly used password with numbers or symbols added at the start "
                   "or end, which attackers try early.")
            + QLatin1Char(' ') + tr(tryInstead);
    case PassphraseProblem::SubstitutedCommonPassword:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy",
                   "This passphrase is a commonly used password with letters swapped for look-alike numbers "
                   "or symbols, which attackers try early.")
            + QLatin1Char(' ') + tr(tryInstead);
    case PassphraseProblem::RepeatedCharacters:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy",
                   "This passphrase repeats the same character or a short pattern.")
            + QLatin1Char(' ') + tr(tryInstead);
    case PassphraseProblem::Sequence:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy",
                   "This passphrase is a run of letters, numbers or keyboard keys in order.")
            + QLatin1Char(' ') + tr(tryInstead);
    }
    return {};
}

// Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF). Stores the code points when out is
// set. Returns the number of code points, or -1 when the input is not valid UTF-8.
int32_t decodeUtf8(const SecretBytes& utf8, UChar32* out)
{
    const std::uint8_t* s = utf8.data();
    const auto length = static_cast<int32_t>(utf8.size());
    int32_t i = 0;
    int32_t count = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            return -1;
        }
        if (out != nullptr) {
            out[count] = c;
        }
        ++count;
    }
    return count;
}

bool isAsciiDigit(UChar32 c)
{
    return c >= '0' && c <= '9';
}

bool isAsciiLower(UChar32 c)
{
    return c >= 'a' && c <= 'z';
}

bool isAsciiUpper(UChar32 c)
{
    return c >= 'A' && c <= 'Z';
}

// What people put around a common password to satisfy old composition rules: digits, punctuation, spaces.
bool isDecoration(UChar32 c)
{
    if (c < 0x80) {
        return !isAsciiLower(c) && !isAsciiUpper(c);
    }
    return u_isdigit(c) || u_ispunct(c) || u_isUWhiteSpace(c);
}

// Look-alike substitutions. '1' and '|' stand for 'i' or 'l', so there are two variants.
char unleet(char c, bool oneIsL)
{
    switch (c) {
    case '4':
    case '@':
        return 'a';
    case '8':
        return 'b';
    case '(':
        return 'c';
    case '3':
        return 'e';
    case '6':
    case '9':
        return 'g';
    case '1':
    case '|':
        return oneIsL ? 'l' : 'i';
    case '!':
        return 'i';
    case '0':
        return 'o';
    case '$':
    case '5':
        return 's';
    case '7':
    case '+':
        return 't';
    case '2':
        return 'z';
    default:
        return c;
    }
}

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

enum StepKind : unsigned {
    kCodeUp = 1U << 0U,
    kCodeDown = 1U << 1U,
    kKeyRight = 1U << 2U,
    kKeyLeft = 1U << 3U,
};
constexpr std::array<unsigned, 4> kStepKinds = { kCodeUp, kCodeDown, kKeyRight, kKeyLeft };

// Which kinds of "next in order" lead from a to b (lowercase code points). Digits wrap, as in "7890123".
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

struct Span {
    int32_t begin = 0;
    int32_t end = 0;
    int32_t size() const { return end - begin; }
    bool empty() const { return end <= begin; }
};

// The decoded passphrase and the estimator's table. Every array is a copy or a function of the secret, so all
// of them live in the arena.
struct Text {
    explicit Text(int32_t n)
        : length(n)
        , arena(SecretArena::sizeFor<double>(cells(n) + 1) + 2 * SecretArena::sizeFor<UChar32>(cells(n))
              + 3 * SecretArena::sizeFor<char>(cells(n)))
        , best(arena.take<double>(cells(n) + 1))
        , original(arena.take<UChar32>(cells(n)))
        , lower(arena.take<UChar32>(cells(n)))
        , key(arena.take<char>(cells(n)))
        , unleetI(arena.take<char>(cells(n)))
        , unleetL(arena.take<char>(cells(n)))
    { }
    Text(const Text&) = delete;
    Text& operator=(const Text&) = delete;

    // Fills the derived arrays from original[].
    void derive()
    {
        for (int32_t i = 0; i < length; ++i) {
            lower[i] = u_tolower(original[i]);
            key[i] = lower[i] < 0x80 ? static_cast<char>(lower[i]) : kNotAscii;
            unleetI[i] = unleet(key[i], false);
            unleetL[i] = unleet(key[i], true);
            hasLeet = hasLeet || unleetI[i] != key[i];
        }
    }

    static std::size_t cells(int32_t n) { return static_cast<std::size_t>(std::max(n, 1)); }

    const int32_t length;
    SecretArena arena; // declared before the arrays it holds, so that it is built first
    double* const best; // the estimator's table, n + 1 entries
    UChar32* const original; // code points as given (NFKC)
    UChar32* const lower; // ICU's simple lowercase mapping of each code point
    // Lowercase ASCII or kNotAscii, one byte per code point so that offsets here are code point offsets.
    char* const key;
    char* const unleetI; // key with look-alikes replaced, '1' read as 'i'
    char* const unleetL; // the same with '1' read as 'l'
    bool hasLeet = false;
};

Span wholeOf(const Text& text)
{
    return Span { 0, text.length };
}

Span coreOf(const Text& text)
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
bool spellsProductWord(const Text& text, Span span)
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
bool isTrivial(const Text& text, Span span)
{
    if (span.size() <= 4) {
        return true;
    }
    const int32_t period = repeatPeriod(text.lower, span);
    return (period != 0 && period <= 4) || isRun(text.lower, span);
}

PassphraseProblem findPatternProblem(const Text& text, const PasswordBlocklist& list)
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

double log2OfCount(double count)
{
    return count <= 1.0 ? 0.0 : std::log2(count);
}

// Extra guesses for capitals in a word that matched lowercase: one bit for "Word" or "WORD", otherwise the
// number of ways to place that many capitals among its letters.
double capitalisationBits(const Text& text, int32_t begin, int32_t end)
{
    int upper = 0;
    int lower = 0;
    for (int32_t i = begin; i < end; ++i) {
        upper += isAsciiUpper(text.original[i]) ? 1 : 0;
        lower += isAsciiLower(text.original[i]) ? 1 : 0;
    }
    if (upper == 0) {
        return 0.0;
    }
    if (lower == 0 || (upper == 1 && isAsciiUpper(text.original[begin]))) {
        return 1.0;
    }
    const int letters = upper + lower;
    const int placed = std::min(upper, lower);
    double ways = 0.0;
    double choose = 1.0;
    for (int k = 1; k <= placed; ++k) {
        choose = choose * (letters - k + 1) / k;
        ways += choose;
    }
    return log2OfCount(ways);
}

// Bits per character for guessing blindly, from the kinds of characters the passphrase uses.
double bruteForceBitsPerCharacter(const Text& text)
{
    bool lower = false;
    bool upper = false;
    bool digit = false;
    bool space = false;
    bool symbol = false;
    bool other = false;
    for (int32_t i = 0; i < text.length; ++i) {
        const UChar32 c = text.original[i];
        lower = lower || isAsciiLower(c);
        upper = upper || isAsciiUpper(c);
        digit = digit || isAsciiDigit(c);
        space = space || c == ' ';
        symbol = symbol || (c < 0x80 && c != ' ' && !isAsciiLower(c) && !isAsciiUpper(c) && !isAsciiDigit(c));
        other = other || c >= 0x80;
    }
    const double pool = (lower ? 26.0 : 0.0) + (upper ? 26.0 : 0.0) + (digit ? 10.0 : 0.0)
        + (space ? 1.0 : 0.0) + (symbol ? 33.0 : 0.0) + (other ? 100.0 : 0.0);
    return log2OfCount(pool);
}

double runBits(const Text& text, int32_t begin, int32_t length, unsigned kind, double bitsPerCharacter)
{
    const UChar32 first = text.lower[begin];
    double starts = bitsPerCharacter;
    if (kind == kKeyRight || kind == kKeyLeft) {
        starts = log2OfCount(kKeyboardKeys);
    } else if (isAsciiDigit(first)) {
        starts = log2OfCount(10.0);
    } else if (isAsciiLower(first)) {
        starts = log2OfCount(26.0);
    }
    const double direction = (kind == kCodeDown || kind == kKeyLeft) ? 1.0 : 0.0;
    return starts + log2OfCount(length) + direction + kPatternBits;
}

bool isYear(const Text& text, int32_t begin)
{
    if (begin + 4 > text.length) {
        return false;
    }
    const char* k = text.key + begin;
    for (int j = 0; j < 4; ++j) {
        if (k[j] < '0' || k[j] > '9') {
            return false;
        }
    }
    return (k[0] == '1' && k[1] == '9') || (k[0] == '2' && k[1] == '0');
}

// A cheapest segmentation in the spirit of zxcvbn, computed right to left: best[i] is the fewest bits that
// produce text[i..n) from blindly guessed characters, listed words (as typed or with look-alikes), product
// words, repeats, runs and years. Linear in the length: the blocklist cursors stop as soon as no entry starts
// with what they have read, and repeats and runs come from counters rolled along with i.
double estimateBits(const Text& text, const PasswordBlocklist& list)
{
    const int32_t n = text.length;
    if (n == 0) {
        return 0.0;
    }
    const double bitsPerCharacter = bruteForceBitsPerCharacter(text);
    double* const best = text.best;
    best[n] = 0.0;

    // sameAhead[p]: for how many positions in a row, from i on, lower[j] == lower[j + p].
    std::array<int32_t, kMaxRepeatUnit + 1> sameAhead {};
    // stepsAhead[k]: how many steps of kind kStepKinds[k] follow one another from i on.
    std::array<int32_t, kStepKinds.size()> stepsAhead {};
    // rankAt[p]: the rank of key[i..i + p) when listed, else 0; filled by the scan for listed words.
    std::array<int, kMaxRepeatUnit + 1> rankAt {};

    for (int32_t i = n - 1; i >= 0; --i) {
        for (int32_t p = 1; p <= kMaxRepeatUnit; ++p) {
            int32_t& same = sameAhead[static_cast<std::size_t>(p)];
            same = (i + p < n && text.lower[i] == text.lower[i + p]) ? same + 1 : 0;
        }
        const unsigned kinds = i + 1 < n ? stepKinds(text.lower[i], text.lower[i + 1]) : 0U;
        for (std::size_t k = 0; k < kStepKinds.size(); ++k) {
            stepsAhead[k] = (kinds & kStepKinds[k]) != 0 ? stepsAhead[k] + 1 : 0;
        }

        double cost = bitsPerCharacter + best[i + 1];
        const auto relax = [&](int32_t end, double bits) { cost = std::min(cost, bits + best[end]); };
        const auto listedWordBits = [&](int32_t end, int rank) {
            return log2OfCount(rank) + capitalisationBits(text, i, end) + kPatternBits;
        };

        rankAt.fill(0);
        auto cursor = list.cursor();
        for (int32_t end = i + 1; end <= n && cursor.extend(text.key[end - 1]); ++end) {
            if (const int rank = cursor.rank(); rank != 0) {
                relax(end, listedWordBits(end, rank));
                if (end - i <= kMaxRepeatUnit) {
                    rankAt[static_cast<std::size_t>(end - i)] = rank;
                }
            }
        }
        if (text.hasLeet) {
            for (const char* variant : { text.unleetI, text.unleetL }) {
                int substitutions = 0;
                auto leetCursor = list.cursor();
                for (int32_t end = i + 1; end <= n && leetCursor.extend(variant[end - 1]); ++end) {
                    substitutions += variant[end - 1] != text.key[end - 1] ? 1 : 0;
                    if (const int rank = leetCursor.rank(); rank != 0 && substitutions != 0) {
                        relax(end, listedWordBits(end, rank) + substitutions);
                    }
                }
            }
        }
        for (const std::string_view word : kProductWords) {
            const auto size = static_cast<int32_t>(word.size());
            if (i + size <= n && std::memcmp(text.key + i, word.data(), word.size()) == 0) {
                relax(i + size, capitalisationBits(text, i, i + size) + kPatternBits);
            }
        }

        for (int32_t p = 1; p <= kMaxRepeatUnit && i + 2 * p <= n; ++p) {
            const int32_t times = (p + sameAhead[static_cast<std::size_t>(p)]) / p;
            if (times < 2) {
                continue;
            }
            double unitBits = bitsPerCharacter * p;
            if (const int rank = rankAt[static_cast<std::size_t>(p)]; rank != 0) {
                unitBits = std::min(unitBits, listedWordBits(i + p, rank));
            }
            for (std::size_t k = 0; k < kStepKinds.size(); ++k) {
                if (p >= kMinRunLength && stepsAhead[k] + 1 >= p) {
                    unitBits = std::min(unitBits, runBits(text, i, p, kStepKinds[k], bitsPerCharacter));
                }
            }
            relax(i + times * p, unitBits + log2OfCount(times) + kPatternBits);
        }

        for (std::size_t k = 0; k < kStepKinds.size(); ++k) {
            const int32_t length = stepsAhead[k] + 1;
            if (length >= kMinRunLength) {
                relax(i + length, runBits(text, i, length, kStepKinds[k], bitsPerCharacter));
            }
        }

        if (isYear(text, i)) {
            relax(i + 4, log2OfCount(kYearChoices) + kPatternBits);
        }

        best[i] = cost;
    }
    return best[0];
}

} // namespace

PassphrasePolicy::PassphrasePolicy(PassphraseRules rules)
    : PassphrasePolicy(rules, PasswordBlocklist::builtIn())
{ }

PassphrasePolicy::PassphrasePolicy(PassphraseRules rules, const PasswordBlocklist& blocklist)
    : m_rules(rules)
    , m_blocklist(&blocklist)
{
    m_rules.minLength = std::clamp(m_rules.minLength, kMinLengthFloor, kMaxLengthCeiling);
    m_rules.maxLength
        = std::clamp(m_rules.maxLength, std::max(kMaxLengthFloor, m_rules.minLength), kMaxLengthCeiling);
}

Result<SecretBytes> PassphrasePolicy::normalize(const SecretBytes& utf8)
{
    if (utf8.size() > kMaxInputBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QCoreApplication::translate("ward::policy::PassphrasePolicy",
                "This passphrase is far too long to use. Choose a shorter one, such as four or five "
                "unrelated words."));
    }
    if (decodeUtf8(utf8, nullptr) < 0) {
        return makeError(ErrorCode::InvalidArgument, invalidTextMessage());
    }
    if (utf8.empty()) {
        return SecretBytes();
    }
    const auto internalError = [] {
        return makeError(ErrorCode::Internal,
            QCoreApplication::translate("ward::policy::PassphrasePolicy",
                "The passphrase could not be prepared because text support (ICU) failed. Reinstall the app; "
                "if that does not help, contact support."));
    };

    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfkc = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status) || nfkc == nullptr) {
        return internalError();
    }

    // Each conversion first measures (ICU computes the length without storing anything), then writes into a
    // SecretBytes buffer of that size.
    const auto utf8Length = static_cast<int32_t>(utf8.size());
    int32_t utf16Length = 0;
    u_strFromUTF8(nullptr, 0, &utf16Length, utf8.chars(), utf8Length, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR || utf16Length <= 0) {
        return internalError();
    }
    status = U_ZERO_ERROR;
    const int32_t capacity = utf16Length * kNfkcMaxExpansion + kNfkcSlack;
    SecretArena arena(SecretArena::sizeFor<UChar>(static_cast<std::size_t>(utf16Length))
        + SecretArena::sizeFor<UChar>(static_cast<std::size_t>(capacity)));
    UChar* const utf16 = arena.take<UChar>(static_cast<std::size_t>(utf16Length));
    UChar* const normalized = arena.take<UChar>(static_cast<std::size_t>(capacity));
    u_strFromUTF8(utf16, utf16Length, nullptr, utf8.chars(), utf8Length, &status);
    if (U_FAILURE(status)) {
        return internalError();
    }
    const int32_t normalizedLength
        = unorm2_normalize(nfkc, utf16, utf16Length, normalized, capacity, &status);
    if (U_FAILURE(status) || normalizedLength < 0 || normalizedLength > capacity) {
        return internalError();
    }

    int32_t outLength = 0;
    u_strToUTF8(nullptr, 0, &outLength, normalized, normalizedLength, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
    }
    if (U_FAILURE(status) || outLength < 0) {
        return internalError();
    }
    SecretBytes out(static_cast<std::size_t>(outLength));
    if (outLength != 0) {
        u_strToUTF8(
            reinterpret_cast<char*>(out.data()), outLength, nullptr, normalized, normalizedLength, &status);
        if (U_FAILURE(status)) {
            return internalError();
        }
    }
    return out;
}

PassphraseCheck PassphrasePolicy::check(const SecretBytes& normalizedUtf8) const
{
    PassphraseCheck result;
    const auto finish = [&](PassphraseProblem problem) {
        result.reason = problem;
        result.acceptable = problem == PassphraseProblem::None;
        result.problem = problemMessage(problem, m_rules);
        result.score = scoreForBits(result.estimatedBits);
        if (!result.acceptable) {
            result.score = std::min(result.score, 1);
        }
        result.strengthLabel = labelForScore(result.score);
        return result;
    };

    if (normalizedUtf8.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
        return finish(PassphraseProblem::TooLong);
    }
    const int32_t count = decodeUtf8(normalizedUtf8, nullptr);
    if (count < 0) {
        return finish(PassphraseProblem::InvalidText);
    }
    result.codePoints = count;
    // Far past any sensible maximum: refuse without spending time on the estimate.
    if (normalizedUtf8.size() > kMaxInputBytes) {
        return finish(PassphraseProblem::TooLong);
    }

    Text text(count);
    decodeUtf8(normalizedUtf8, text.original);
    text.derive();
    result.estimatedBits = estimateBits(text, *m_blocklist);

    if (count < m_rules.minLength) {
        return finish(PassphraseProblem::TooShort);
    }
    if (count > m_rules.maxLength) {
        return finish(PassphraseProblem::TooLong);
    }
    return finish(findPatternProblem(text, *m_blocklist));
}

Status PassphrasePolicy::enforce(const SecretBytes& normalizedUtf8) const
{
    const PassphraseCheck verdict = check(normalizedUtf8);
    if (verdict.acceptable) {
        return {};
    }
    const ErrorCode code = verdict.reason == PassphraseProblem::InvalidText ? ErrorCode::InvalidArgument
                                                                            : ErrorCode::PassphraseRejected;
    return makeError(code, verdict.problem);
}

int PassphrasePolicy::scoreForBits(double bits)
{
    int score = 0;
    for (const double threshold : kScoreBits) {
        if (!(bits >= threshold)) { // NaN stays at 0
            break;
        }
        ++score;
    }
    return score;
}

QString PassphrasePolicy::labelForScore(int score)
{
    switch (std::clamp(score, 0, 4)) {
    case 0:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy", "Very weak");
    case 1:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy", "Weak");
    case 2:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy", "Fair");
    case 3:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy", "Strong");
    default:
        return QCoreApplication::translate("ward::policy::PassphrasePolicy", "Very strong");
    }
}

} // namespace ward::policy
