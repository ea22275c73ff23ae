#include "policy/PassphraseStrength.h"

#include "policy/PassphrasePatterns.h"
#include "policy/PassphraseText.h"
#include "policy/PasswordBlocklist.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace ward::policy::detail {

namespace {

// Estimator tuning. Every recognised pattern costs its own guesses plus one bit for where it sits among
// others.
constexpr double kPatternBits = 1.0;
constexpr int32_t kMaxRepeatUnit = 16;
constexpr double kYearChoices = 200.0; // 1900..2099
// Keys on a US keyboard: where a run of neighbouring keys may start.
constexpr double kKeyboardKeys = 47.0;

double log2OfCount(double count)
{
    return count <= 1.0 ? 0.0 : std::log2(count);
}

// Extra guesses for capitals in a word that matched lowercase: one bit for "Word" or "WORD", otherwise the
// number of ways to place that many capitals among its letters.
double capitalisationBits(const PassphraseText& text, int32_t begin, int32_t end)
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
double bruteForceBitsPerCharacter(const PassphraseText& text)
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

double runBits(
    const PassphraseText& text, int32_t begin, int32_t length, unsigned kind, double bitsPerCharacter)
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

bool isYear(const PassphraseText& text, int32_t begin)
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
class Estimator {
public:
    Estimator(const PassphraseText& text, const PasswordBlocklist& list)
        : m_text(text)
        , m_list(list)
        , m_n(text.length)
        , m_bitsPerCharacter(bruteForceBitsPerCharacter(text))
        , m_best(text.best)
    { }

    double run()
    {
        m_best[m_n] = 0.0;
        for (int32_t i = m_n - 1; i >= 0; --i) {
            roll(i);
            m_best[i] = cheapestFrom(i);
        }
        return m_best[0];
    }

private:
    void roll(int32_t i);
    double cheapestFrom(int32_t i);
    void relax(double& cost, int32_t end, double bits) const { cost = std::min(cost, bits + m_best[end]); }
    double listedWordBits(int32_t begin, int32_t end, int rank) const
    {
        return log2OfCount(rank) + capitalisationBits(m_text, begin, end) + kPatternBits;
    }
    void relaxListedWords(int32_t i, double& cost);
    void relaxSubstitutedWords(int32_t i, double& cost) const;
    void relaxProductWords(int32_t i, double& cost) const;
    void relaxRepeats(int32_t i, double& cost) const;
    double repeatUnitBits(int32_t i, int32_t period) const;
    void relaxRuns(int32_t i, double& cost) const;

    const PassphraseText& m_text;
    const PasswordBlocklist& m_list;
    const int32_t m_n;
    const double m_bitsPerCharacter;
    double* const m_best;
    // m_sameAhead[p]: for how many positions in a row, from i on, lower[j] == lower[j + p].
    std::array<int32_t, kMaxRepeatUnit + 1> m_sameAhead {};
    // m_stepsAhead[k]: how many steps of kind kStepKinds[k] follow one another from i on.
    std::array<int32_t, kStepKinds.size()> m_stepsAhead {};
    // m_rankAt[p]: the rank of key[i..i + p) when listed, else 0; filled by relaxListedWords().
    std::array<int, kMaxRepeatUnit + 1> m_rankAt {};
};

// Moves the counters from i + 1 to i.
void Estimator::roll(int32_t i)
{
    for (int32_t p = 1; p <= kMaxRepeatUnit; ++p) {
        int32_t& same = m_sameAhead[static_cast<std::size_t>(p)];
        same = (i + p < m_n && m_text.lower[i] == m_text.lower[i + p]) ? same + 1 : 0;
    }
    const unsigned kinds = i + 1 < m_n ? stepKinds(m_text.lower[i], m_text.lower[i + 1]) : 0U;
    for (std::size_t k = 0; k < kStepKinds.size(); ++k) {
        m_stepsAhead[k] = (kinds & kStepKinds[k]) != 0 ? m_stepsAhead[k] + 1 : 0;
    }
}

// best[i], given best[i + 1..n]. relaxListedWords() runs before relaxRepeats(), which reads m_rankAt.
double Estimator::cheapestFrom(int32_t i)
{
    double cost = m_bitsPerCharacter + m_best[i + 1];
    relaxListedWords(i, cost);
    if (m_text.hasLeet) {
        relaxSubstitutedWords(i, cost);
    }
    relaxProductWords(i, cost);
    relaxRepeats(i, cost);
    relaxRuns(i, cost);
    if (isYear(m_text, i)) {
        relax(cost, i + 4, log2OfCount(kYearChoices) + kPatternBits);
    }
    return cost;
}

void Estimator::relaxListedWords(int32_t i, double& cost)
{
    m_rankAt.fill(0);
    auto cursor = m_list.cursor();
    for (int32_t end = i + 1; end <= m_n && cursor.extend(m_text.key[end - 1]); ++end) {
        if (const int rank = cursor.rank(); rank != 0) {
            relax(cost, end, listedWordBits(i, end, rank));
            if (end - i <= kMaxRepeatUnit) {
                m_rankAt[static_cast<std::size_t>(end - i)] = rank;
            }
        }
    }
}

void Estimator::relaxSubstitutedWords(int32_t i, double& cost) const
{
    for (const char* variant : { m_text.unleetI, m_text.unleetL }) {
        int substitutions = 0;
        auto cursor = m_list.cursor();
        for (int32_t end = i + 1; end <= m_n && cursor.extend(variant[end - 1]); ++end) {
            substitutions += variant[end - 1] != m_text.key[end - 1] ? 1 : 0;
            if (const int rank = cursor.rank(); rank != 0 && substitutions != 0) {
                relax(cost, end, listedWordBits(i, end, rank) + substitutions);
            }
        }
    }
}

void Estimator::relaxProductWords(int32_t i, double& cost) const
{
    for (const std::string_view word : kProductWords) {
        const auto size = static_cast<int32_t>(word.size());
        if (i + size <= m_n && std::memcmp(m_text.key + i, word.data(), word.size()) == 0) {
            relax(cost, i + size, capitalisationBits(m_text, i, i + size) + kPatternBits);
        }
    }
}

void Estimator::relaxRepeats(int32_t i, double& cost) const
{
    for (int32_t p = 1; p <= kMaxRepeatUnit && i + 2 * p <= m_n; ++p) {
        const int32_t times = (p + m_sameAhead[static_cast<std::size_t>(p)]) / p;
        if (times < 2) {
            continue;
        }
        relax(cost, i + times * p, repeatUnitBits(i, p) + log2OfCount(times) + kPatternBits);
    }
}

// The cheapest way to produce the unit text[i..i + period) that repeats.
double Estimator::repeatUnitBits(int32_t i, int32_t period) const
{
    double unitBits = m_bitsPerCharacter * period;
    if (const int rank = m_rankAt[static_cast<std::size_t>(period)]; rank != 0) {
        unitBits = std::min(unitBits, listedWordBits(i, i + period, rank));
    }
    for (std::size_t k = 0; k < kStepKinds.size(); ++k) {
        if (period >= kMinRunLength && m_stepsAhead[k] + 1 >= period) {
            unitBits = std::min(unitBits, runBits(m_text, i, period, kStepKinds[k], m_bitsPerCharacter));
        }
    }
    return unitBits;
}

void Estimator::relaxRuns(int32_t i, double& cost) const
{
    for (std::size_t k = 0; k < kStepKinds.size(); ++k) {
        const int32_t length = m_stepsAhead[k] + 1;
        if (length >= kMinRunLength) {
            relax(cost, i + length, runBits(m_text, i, length, kStepKinds[k], m_bitsPerCharacter));
        }
    }
}

} // namespace

double estimateBits(const PassphraseText& text, const PasswordBlocklist& list)
{
    if (text.length == 0) {
        return 0.0;
    }
    return Estimator(text, list).run();
}

} // namespace ward::policy::detail
