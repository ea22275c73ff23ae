#include "crypto/otp/OtpAuthUri.h"

#include "crypto/otp/Base32.h"
#include "crypto/otp/OtpSecret.h"
#include "crypto/otp/PercentEncoding.h"

#include <QSet>

#include <algorithm>
#include <optional>
#include <span>
#include <utility>

namespace ward::crypto::otp {

namespace {

using Bytes = std::span<const std::uint8_t>;

constexpr char kScheme[] = "otpauth://";
constexpr char kTotp[] = "totp";

Error badLink(const QString& problem)
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("The otpauth link is not valid: %1. Ask the issuer for a new link or QR code.")
            .arg(problem));
}

QByteArray toByteArray(Bytes bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

bool startsWith(Bytes bytes, const char* prefix)
{
    const QByteArray p(prefix);
    return bytes.size() >= static_cast<std::size_t>(p.size()) && toByteArray(bytes.first(p.size())) == p;
}

// Splits at the first `separator`; the separator belongs to neither part. nullopt when there is none.
std::optional<std::pair<Bytes, Bytes>> splitAt(Bytes bytes, std::uint8_t separator)
{
    const auto it = std::find(bytes.begin(), bytes.end(), separator);
    if (it == bytes.end()) {
        return std::nullopt;
    }
    const auto at = static_cast<std::size_t>(it - bytes.begin());
    return std::pair { bytes.first(at), bytes.subspan(at + 1) };
}

// What is wrong with a name (issuer or account), as a clause; the same rules for building and parsing.
std::optional<QString> nameProblem(const QString& name, const QString& what, bool mayBeEmpty)
{
    if (name.isEmpty()) {
        return mayBeEmpty ? std::nullopt : std::optional(QStringLiteral("the %1 is missing").arg(what));
    }
    if (name.toUtf8().size() > kMaxOtpAuthNameBytes) {
        return QStringLiteral("the %1 is longer than %2 bytes").arg(what).arg(kMaxOtpAuthNameBytes);
    }
    if (name.contains(QLatin1Char(':'))) {
        return QStringLiteral("the %1 contains a ':'").arg(what);
    }
    if (name.front().isSpace() || name.back().isSpace()) {
        return QStringLiteral("the %1 begins or ends with a space").arg(what);
    }
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control) {
            return QStringLiteral("the %1 contains control characters").arg(what);
        }
    }
    return std::nullopt;
}

Result<QString> decodeName(Bytes text, const QString& what)
{
    auto bytes = percentDecode(text);
    if (!bytes) {
        return bytes.error();
    }
    QString name = QString::fromUtf8(*bytes);
    if (name.toUtf8() != *bytes) {
        return badLink(QStringLiteral("the %1 is not valid UTF-8").arg(what));
    }
    return name;
}

struct Label {
    QString issuer;
    QString account;
};

// "ISSUER:ACCOUNT" or "ACCOUNT", the colon literal or encoded; spaces before the account are dropped.
Result<Label> parseLabel(Bytes text)
{
    auto decoded = decodeName(text, QStringLiteral("label"));
    if (!decoded) {
        return decoded.error();
    }
    Label label;
    const qsizetype colon = decoded->indexOf(QLatin1Char(':'));
    if (colon < 0) {
        label.account = *decoded;
    } else {
        label.issuer = decoded->left(colon);
        label.account = decoded->mid(colon + 1);
        while (label.account.startsWith(QLatin1Char(' '))) {
            label.account.remove(0, 1);
        }
        if (label.issuer.isEmpty()) {
            return badLink(QStringLiteral("the label has an empty issuer before its ':'"));
        }
    }
    if (auto problem = nameProblem(label.issuer, QStringLiteral("issuer"), true)) {
        return badLink(*problem);
    }
    if (auto problem = nameProblem(label.account, QStringLiteral("account name"), false)) {
        return badLink(*problem);
    }
    return label;
}

struct Query {
    std::optional<SecretBytes> secret;
    std::optional<QString> issuer;
    OtpParameters parameters;
};

Result<SecretBytes> parseSecret(Bytes value)
{
    auto text = percentDecodeSecret(value);
    if (!text) {
        return text.error();
    }
    auto secret = base32Decode(*text);
    if (!secret) {
        return badLink(QStringLiteral("the secret is not valid base32"));
    }
    if (auto s = checkSecret(*secret); !s) {
        return s.error();
    }
    return std::move(secret).value();
}

// A decimal number of at most `maxDigits` digits without a leading zero, or -1.
int parseNumber(Bytes value, std::size_t maxDigits)
{
    if (value.empty() || value.size() > maxDigits || value.front() == '0') {
        return -1;
    }
    int n = 0;
    for (const std::uint8_t c : value) {
        if (c < '0' || c > '9') {
            return -1;
        }
        n = n * 10 + (c - '0');
    }
    return n;
}

// One "name=value" parameter into `query`.
Status parseParameter(const QByteArray& name, Bytes value, Query& query)
{
    if (name == "secret") {
        auto secret = parseSecret(value);
        if (!secret) {
            return secret.error();
        }
        query.secret = std::move(secret).value();
    } else if (name == "issuer") {
        auto issuer = decodeName(value, QStringLiteral("issuer"));
        if (!issuer) {
            return issuer.error();
        }
        if (auto problem = nameProblem(*issuer, QStringLiteral("issuer"), false)) {
            return badLink(*problem);
        }
        query.issuer = *issuer;
    } else if (name == "algorithm") {
        const auto algorithm = algorithmFromName(QString::fromLatin1(toByteArray(value)));
        if (!algorithm) {
            return badLink(QStringLiteral("the algorithm is not SHA1, SHA256 or SHA512"));
        }
        query.parameters.algorithm = *algorithm;
    } else if (name == "digits") {
        query.parameters.digits = parseNumber(value, 1);
    } else if (name == "period") {
        query.parameters.periodSeconds = parseNumber(value, 4);
    } else {
        return badLink(name.size() <= 32
                ? QStringLiteral("it has a parameter Ward does not know (%1)").arg(QString::fromLatin1(name))
                : QStringLiteral("it has a parameter Ward does not know"));
    }
    return {};
}

Result<Query> parseQuery(Bytes text)
{
    Query query;
    QSet<QByteArray> seen;
    Bytes rest = text;
    bool more = true;
    while (more) {
        const auto split = splitAt(rest, '&');
        const Bytes item = split ? split->first : rest;
        rest = split ? split->second : Bytes {};
        more = split.has_value();
        const auto nameValue = splitAt(item, '=');
        if (!nameValue || nameValue->first.empty()) {
            return badLink(QStringLiteral("it has a parameter without a name or a value"));
        }
        const QByteArray name = toByteArray(nameValue->first);
        if (seen.contains(name)) {
            return badLink(QStringLiteral("it gives a parameter more than once"));
        }
        seen.insert(name);
        if (auto s = parseParameter(name, nameValue->second, query); !s) {
            return s.error();
        }
    }
    if (!query.secret) {
        return badLink(QStringLiteral("the secret is missing"));
    }
    if (!checkParameters(query.parameters)) {
        return badLink(QStringLiteral("digits must be %1 to %2 and the period %3 to %4 seconds")
                           .arg(kMinDigits)
                           .arg(kMaxDigits)
                           .arg(kMinPeriodSeconds)
                           .arg(kMaxPeriodSeconds));
    }
    return query;
}

// Checks the characters, the scheme and the type, and splits the rest into label and query.
Result<std::pair<Bytes, Bytes>> splitLink(Bytes link)
{
    for (const std::uint8_t b : link) {
        if (b < 0x21 || b > 0x7e || b == '#') {
            return badLink(QStringLiteral("it contains spaces or characters a link may not contain"));
        }
    }
    if (!startsWith(link, kScheme)) {
        return badLink(QStringLiteral("it does not start with otpauth://"));
    }
    const auto typeRest = splitAt(link.subspan(sizeof kScheme - 1), '/');
    if (!typeRest || toByteArray(typeRest->first) != kTotp) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "The otpauth link is not for time-based codes (otpauth://totp/), the only kind Ward "
                "supports. Ask the issuer for a TOTP link."));
    }
    const auto labelQuery = splitAt(typeRest->second, '?');
    if (!labelQuery) {
        return badLink(QStringLiteral("it has no parameters, so no secret"));
    }
    return *labelQuery;
}

Error cannotBuild(const QString& problem)
{
    return makeError(
        ErrorCode::InvalidArgument, QStringLiteral("No otpauth link can be made: %1.").arg(problem));
}

} // namespace

OtpAuthUri OtpAuthUri::generate(
    const QString& issuer, const QString& account, const OtpParameters& parameters)
{
    return OtpAuthUri { issuer, account, generateSecret(parameters.algorithm), parameters };
}

Result<OtpAuthUri> OtpAuthUri::parse(const SecretBytes& uri)
{
    return parse(uri.data(), uri.size());
}

Result<OtpAuthUri> OtpAuthUri::parse(const std::uint8_t* data, std::size_t size)
{
    if (size > kMaxOtpAuthUriBytes) {
        return badLink(QStringLiteral("it is longer than %1 characters").arg(kMaxOtpAuthUriBytes));
    }
    auto parts = splitLink(Bytes(data, size));
    if (!parts) {
        return parts.error();
    }
    auto label = parseLabel(parts->first);
    if (!label) {
        return label.error();
    }
    auto query = parseQuery(parts->second);
    if (!query) {
        return query.error();
    }
    if (!label->issuer.isEmpty() && query->issuer && *query->issuer != label->issuer) {
        return badLink(QStringLiteral("the label and the issuer parameter name different issuers"));
    }
    QString issuer = label->issuer.isEmpty() ? query->issuer.value_or(QString()) : label->issuer;
    return OtpAuthUri { std::move(issuer), label->account, std::move(*query->secret), query->parameters };
}

Result<SecretBytes> OtpAuthUri::build() const
{
    if (auto s = checkParameters(parameters); !s) {
        return s.error();
    }
    if (auto s = checkSecret(secret); !s) {
        return s.error();
    }
    if (auto problem = nameProblem(issuer, QStringLiteral("issuer"), true)) {
        return cannotBuild(*problem);
    }
    if (auto problem = nameProblem(account, QStringLiteral("account name"), false)) {
        return cannotBuild(*problem);
    }
    const QByteArray encodedIssuer = percentEncode(issuer.toUtf8());
    QByteArray head = QByteArray(kScheme) + kTotp + '/';
    QByteArray tail;
    if (!issuer.isEmpty()) {
        head += encodedIssuer + ':';
        tail += "&issuer=" + encodedIssuer;
    }
    head += percentEncode(account.toUtf8()) + "?secret=";
    tail += "&algorithm=" + algorithmName(parameters.algorithm).toLatin1() + "&digits="
        + QByteArray::number(parameters.digits) + "&period=" + QByteArray::number(parameters.periodSeconds);

    const SecretBytes encodedSecret = base32Encode(secret, Base32Padding::Omit);
    SecretBytes link(
        reinterpret_cast<const std::uint8_t*>(head.constData()), static_cast<std::size_t>(head.size()));
    link.append(encodedSecret.data(), encodedSecret.size());
    link.append(
        reinterpret_cast<const std::uint8_t*>(tail.constData()), static_cast<std::size_t>(tail.size()));
    if (link.size() > kMaxOtpAuthUriBytes) {
        return cannotBuild(QStringLiteral("it would be longer than %1 characters").arg(kMaxOtpAuthUriBytes));
    }
    return link;
}

bool OtpAuthUri::sameAs(const OtpAuthUri& other) const
{
    return issuer == other.issuer && account == other.account && parameters == other.parameters
        && secret.equals(other.secret);
}

} // namespace ward::crypto::otp
