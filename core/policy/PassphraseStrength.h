// PassphraseStrength: the bit estimate behind the meter shown while typing, the guesses of an attacker who
// tries listed and product words, repeats, runs and years before guessing blindly. Linear in the length; the
// only table it writes is PassphraseText::best, which lives in the text's SecretBytes arena.
#pragma once

namespace ward::policy {
class PasswordBlocklist;
} // namespace ward::policy

namespace ward::policy::detail {

struct PassphraseText;

// Needs text.derive() to have run.
double estimateBits(const PassphraseText& text, const PasswordBlocklist& list);

} // namespace ward::policy::detail
