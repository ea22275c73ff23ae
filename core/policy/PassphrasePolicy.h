// PassphrasePolicy: whether a new passphrase may protect a vault, after NIST SP 800-63B (a length range
// counted in code points of the NFKC form, a blocklist of common and product-specific passwords, no
// composition rules), and a cheap strength estimate for the meter shown while typing. The passphrase and
// every copy or decoding of it made here live in SecretBytes; no verdict, message or log line quotes it.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QString>

#include <cstddef>

namespace ward::policy {

class PasswordBlocklist;

struct PassphraseRules {
    // Code points after normalisation. The default minimum is also the floor (see PassphrasePolicy).
    int minLength = 12;
    int maxLength = 1024;
};

// Why a passphrase was refused, for callers and tests that must not parse the sentence.
enum class PassphraseProblem {
    None,
    InvalidText,
    TooShort,
    TooLong,
    ProductName,
    CommonPassword,
    RepeatedCommonPassword,
    DecoratedCommonPassword,
    SubstitutedCommonPassword,
    RepeatedCharacters,
    Sequence,
};

struct PassphraseCheck {
    bool acceptable = false;
    // Empty when acceptable, else plain sentences on what is wrong and what to do; never the passphrase.
    QString problem;
    int codePoints = 0;
    int score = 0; // 0..4; at most 1 when not acceptable
    QString strengthLabel; // "Very weak", "Weak", "Fair", "Strong", "Very strong"
    double estimatedBits = 0.0; // the raw estimate, before a rejection caps the score
    PassphraseProblem reason = PassphraseProblem::None;
};

class PassphrasePolicy {
public:
    // normalize() and check() refuse larger input outright: NFKC may grow text 18-fold in its working buffer.
    static constexpr std::size_t kMaxInputBytes = 65536;
    // Managed policy may raise minLength but not lower it below kMinLengthFloor. maxLength stays between
    // kMaxLengthFloor (or minLength) and kMaxLengthCeiling, the most code points that fit kMaxInputBytes.
    static constexpr int kMinLengthFloor = 12;
    static constexpr int kMaxLengthFloor = 256;
    static constexpr int kMaxLengthCeiling = static_cast<int>(kMaxInputBytes / 4);

    // Uses PasswordBlocklist::builtIn().
    explicit PassphrasePolicy(PassphraseRules rules = {});
    // The blocklist must outlive the policy.
    PassphrasePolicy(PassphraseRules rules, const PasswordBlocklist& blocklist);

    // The rules in force, after the floors above.
    const PassphraseRules& rules() const { return m_rules; }

    // Validates UTF-8 and returns the NFKC form, so that the same passphrase typed on another keyboard or
    // platform gives the same bytes. Fails with InvalidArgument on ill-formed UTF-8 or input over
    // kMaxInputBytes.
    static Result<crypto::SecretBytes> normalize(const crypto::SecretBytes& utf8);

    // Takes the output of normalize(). Cheap enough to run on every keystroke.
    PassphraseCheck check(const crypto::SecretBytes& normalizedUtf8) const;
    // check() as a Status: PassphraseRejected with the problem sentence when not acceptable.
    Status enforce(const crypto::SecretBytes& normalizedUtf8) const;

    static int scoreForBits(double bits);
    static QString labelForScore(int score);

private:
    PassphraseRules m_rules;
    const PasswordBlocklist* m_blocklist = nullptr;
};

} // namespace ward::policy
