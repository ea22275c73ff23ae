// wardctl crypto: one-time passwords and safety numbers from the command line, for scripts, tests and support
// staff. A TOTP secret is read from standard input (--secret-stdin); --secret on the command line exists for
// test scripts only, because other users of the machine can read a process's arguments.
#include "Commands.h"
#include "ExitCode.h"
#include "PassphraseInput.h"
#include "crypto/otp/Base32.h"
#include "crypto/otp/Totp.h"
#include "crypto/safety/SafetyNumber.h"

#include <QDateTime>

#include <cstdio>
#include <optional>

namespace ward::ctl {

namespace {

const QString kSecret = QStringLiteral("--secret");
const QString kSecretStdin = QStringLiteral("--secret-stdin");
const QString kTime = QStringLiteral("--time");
const QString kDigits = QStringLiteral("--digits");
const QString kAlgorithm = QStringLiteral("--algorithm");
const QString kPeriod = QStringLiteral("--period");
const QString kLocalKey = QStringLiteral("--local-key");
const QString kLocalId = QStringLiteral("--local-id");
const QString kRemoteKey = QStringLiteral("--remote-key");
const QString kRemoteId = QStringLiteral("--remote-id");
const QString kIterations = QStringLiteral("--iterations");

// A whole decimal number (an optional '-' and digits only), or nullopt.
std::optional<qint64> integer(const QString& text)
{
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    if (!ok || text.trimmed() != text || text.startsWith(QLatin1Char('+'))) {
        return std::nullopt;
    }
    return n;
}

// The base32 text of the secret, from standard input or (for test scripts) from --secret.
Result<crypto::SecretBytes> secretText(const Arguments& args)
{
    if (args.flag(kSecretStdin)) {
        return readSecretLine("TOTP secret (base32)", "TOTP secret");
    }
    const QByteArray utf8 = args.value(kSecret).value_or(QString()).toUtf8();
    return crypto::SecretBytes(
        reinterpret_cast<const std::uint8_t*>(utf8.constData()), static_cast<std::size_t>(utf8.size()));
}

// The OTP settings from the options; a usage message when one is not a number or not a known name.
std::optional<QString> readParameters(const Arguments& args, crypto::otp::OtpParameters& parameters)
{
    if (auto name = args.value(kAlgorithm)) {
        const auto algorithm = crypto::otp::algorithmFromName(*name);
        if (!algorithm) {
            return QStringLiteral("--algorithm takes SHA1, SHA256 or SHA512");
        }
        parameters.algorithm = *algorithm;
    }
    if (auto digits = args.value(kDigits)) {
        const auto n = integer(*digits);
        if (!n || *n < crypto::otp::kMinDigits || *n > crypto::otp::kMaxDigits) {
            return QStringLiteral("--digits takes %1, %2 or %3")
                .arg(crypto::otp::kMinDigits)
                .arg(crypto::otp::kMinDigits + 1)
                .arg(crypto::otp::kMaxDigits);
        }
        parameters.digits = static_cast<int>(*n);
    }
    if (auto period = args.value(kPeriod)) {
        const auto n = integer(*period);
        if (!n || *n < crypto::otp::kMinPeriodSeconds || *n > crypto::otp::kMaxPeriodSeconds) {
            return QStringLiteral("--period takes a number of seconds from %1 to %2")
                .arg(crypto::otp::kMinPeriodSeconds)
                .arg(crypto::otp::kMaxPeriodSeconds);
        }
        parameters.periodSeconds = static_cast<int>(*n);
    }
    return std::nullopt;
}

int totp(Arguments& args)
{
    if (auto problem
        = args.validate({ { kSecret, kTime, kDigits, kAlgorithm, kPeriod }, { kSecretStdin } }, 2);
        problem || !args.positionals().isEmpty()) {
        return usage(problem.value_or(QStringLiteral("crypto totp takes no arguments, only options")));
    }
    if (args.flag(kSecretStdin) == args.value(kSecret).has_value()) {
        return usage(
            QStringLiteral("crypto totp needs the secret: --secret-stdin (write it on standard input) "
                           "or --secret BASE32"));
    }
    crypto::otp::OtpParameters parameters;
    if (auto problem = readParameters(args, parameters)) {
        return usage(*problem);
    }
    std::int64_t time = QDateTime::currentSecsSinceEpoch();
    if (auto given = args.value(kTime)) {
        const auto n = integer(*given);
        if (!n || *n < 0) {
            return usage(QStringLiteral("--time takes a Unix time in seconds (0 or more)"));
        }
        time = *n;
    }
    auto text = secretText(args);
    if (!text) {
        return fail(text.error());
    }
    auto secret = crypto::otp::base32Decode(*text);
    if (!secret) {
        return fail(secret.error());
    }
    auto code = crypto::otp::totp(*secret, time, parameters);
    if (!code) {
        return fail(code.error());
    }
    std::printf("%.*s\n", static_cast<int>(code->size()), code->chars());
    return kExitOk;
}

// Strict hex: an even number of 0-9, a-f, A-F and nothing else (QByteArray::fromHex skips bad characters).
std::optional<QByteArray> hexBytes(const QString& text)
{
    if (text.isEmpty() || text.size() % 2 != 0) {
        return std::nullopt;
    }
    for (const QChar c : text) {
        const QChar l = c.toLower();
        if (!(l >= QLatin1Char('0') && l <= QLatin1Char('9'))
            && !(l >= QLatin1Char('a') && l <= QLatin1Char('f'))) {
            return std::nullopt;
        }
    }
    return QByteArray::fromHex(text.toLatin1());
}

int safetyNumber(Arguments& args)
{
    if (auto problem = args.validate({ { kLocalKey, kLocalId, kRemoteKey, kRemoteId, kIterations }, {} }, 2);
        problem || !args.positionals().isEmpty()) {
        return usage(
            problem.value_or(QStringLiteral("crypto safety-number takes no arguments, only options")));
    }
    for (const QString& required : { kLocalKey, kLocalId, kRemoteKey, kRemoteId }) {
        if (!args.value(required)) {
            return usage(QStringLiteral("crypto safety-number needs %1").arg(required));
        }
    }
    const auto localKey = hexBytes(*args.value(kLocalKey));
    const auto remoteKey = hexBytes(*args.value(kRemoteKey));
    if (!localKey || !remoteKey) {
        return usage(QStringLiteral("--local-key and --remote-key take the key bytes in hexadecimal"));
    }
    int iterations = crypto::safety::kDefaultIterations;
    if (auto given = args.value(kIterations)) {
        const auto n = integer(*given);
        if (!n || *n < crypto::safety::kMinIterations || *n > crypto::safety::kMaxIterations) {
            return usage(QStringLiteral("--iterations takes a number from %1 to %2")
                             .arg(crypto::safety::kMinIterations)
                             .arg(crypto::safety::kMaxIterations));
        }
        iterations = static_cast<int>(*n);
    }
    const crypto::safety::SafetyParty local { *localKey, args.value(kLocalId)->toUtf8() };
    const crypto::safety::SafetyParty remote { *remoteKey, args.value(kRemoteId)->toUtf8() };
    auto number = crypto::safety::SafetyNumber::compute(local, remote, iterations);
    if (!number) {
        return fail(number.error());
    }
    std::printf("%s\n", number->digits().toLatin1().constData());
    return kExitOk;
}

} // namespace

int runCrypto(Arguments& args)
{
    const QString sub = args.words().value(1);
    if (sub == QLatin1String("totp")) {
        return totp(args);
    }
    if (sub == QLatin1String("safety-number")) {
        return safetyNumber(args);
    }
    return usage(QStringLiteral("crypto needs one of: verify, totp, safety-number"));
}

} // namespace ward::ctl
