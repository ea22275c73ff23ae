#include "policy/PassphrasePolicy.h"

#include "policy/PassphrasePatterns.h"
#include "policy/PassphraseStrength.h"
#include "policy/PassphraseText.h"
#include "policy/PasswordBlocklist.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

namespace ward::policy {

using crypto::SecretBytes;

namespace {

// Score thresholds in bits, from "Very weak" up.
constexpr std::array<double, 4> kScoreBits = { 28.0, 36.0, 60.0, 80.0 };

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
    if (detail::decodeUtf8(utf8, nullptr) < 0) {
        return makeError(ErrorCode::InvalidArgument, invalidTextMessage());
    }
    if (utf8.empty()) {
        return SecretBytes();
    }
    std::optional<SecretBytes> normalized = detail::normalizeNfkc(utf8);
    if (!normalized) {
        return makeError(ErrorCode::Internal,
            QCoreApplication::translate("ward::policy::PassphrasePolicy",
                "The passphrase could not be prepared because text support (ICU) failed. Reinstall the app; "
                "if that does not help, contact support."));
    }
    return std::move(*normalized);
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
    const int32_t count = detail::decodeUtf8(normalizedUtf8, nullptr);
    if (count < 0) {
        return finish(PassphraseProblem::InvalidText);
    }
    result.codePoints = count;
    // Far past any sensible maximum: refuse without spending time on the estimate.
    if (normalizedUtf8.size() > kMaxInputBytes) {
        return finish(PassphraseProblem::TooLong);
    }

    detail::PassphraseText text(count);
    detail::decodeUtf8(normalizedUtf8, text.original);
    text.derive();
    result.estimatedBits = detail::estimateBits(text, *m_blocklist);

    if (count < m_rules.minLength) {
        return finish(PassphraseProblem::TooShort);
    }
    if (count > m_rules.maxLength) {
        return finish(PassphraseProblem::TooLong);
    }
    return finish(detail::findPatternProblem(text, *m_blocklist));
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
