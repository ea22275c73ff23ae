// PassphrasePatterns: the predictable shapes a passphrase is refused for (product names, listed passwords
// as typed, repeated, decorated or with look-alikes, repeats, runs of letters, digits or keys), and the run
// vocabulary the strength estimate shares. Reads a PassphraseText and never copies from it.
#pragma once

#include "policy/PassphrasePolicy.h"

#include <unicode/umachine.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace ward::policy {
class PasswordBlocklist;
} // namespace ward::policy

namespace ward::policy::detail {

struct PassphraseText;

inline constexpr std::array<std::string_view, 4> kProductWords
    = { "wardhealth", "telemedicine", "telehealth", "ward" };

// The fewest characters that make a run ("abc", "321", "qwe").
inline constexpr int32_t kMinRunLength = 3;

enum StepKind : unsigned {
    kCodeUp = 1U << 0U,
    kCodeDown = 1U << 1U,
    kKeyRight = 1U << 2U,
    kKeyLeft = 1U << 3U,
};
inline constexpr std::array<unsigned, 4> kStepKinds = { kCodeUp, kCodeDown, kKeyRight, kKeyLeft };

// Which kinds of "next in order" lead from a to b (lowercase code points). Digits wrap, as in "7890123".
unsigned stepKinds(UChar32 a, UChar32 b);

// Why the passphrase is predictable, or None. Product names and listed passwords are checked before repeats
// and runs, so a refusal names the most specific reason.
PassphraseProblem findPatternProblem(const PassphraseText& text, const PasswordBlocklist& list);

} // namespace ward::policy::detail
