#include "protocol/WireError.h"

#include <array>
#include <utility>

namespace ward::protocol {

namespace {

constexpr std::array<std::pair<WireError, const char*>, 19> kNames { {
    { WireError::Malformed, "malformed" },
    { WireError::TooLarge, "too-large" },
    { WireError::UnknownType, "unknown-type" },
    { WireError::UnsupportedVersion, "unsupported-version" },
    { WireError::RateLimited, "rate-limited" },
    { WireError::Unauthenticated, "unauthenticated" },
    { WireError::Forbidden, "forbidden" },
    { WireError::NotFound, "not-found" },
    { WireError::Invalid, "invalid" },
    { WireError::Expired, "expired" },
    { WireError::Used, "used" },
    { WireError::WrongCode, "wrong-code" },
    { WireError::TotpRequired, "totp-required" },
    { WireError::Throttled, "throttled" },
    { WireError::Locked, "locked" },
    { WireError::Revoked, "revoked" },
    { WireError::QuotaExceeded, "quota-exceeded" },
    { WireError::Offline, "offline" },
    { WireError::Internal, "internal" },
} };

} // namespace

QString wireErrorName(WireError error)
{
    for (const auto& [value, name] : kNames) {
        if (value == error) {
            return QString::fromLatin1(name);
        }
    }
    return QStringLiteral("internal");
}

WireError parseWireError(QStringView name)
{
    for (const auto& [value, text] : kNames) {
        if (name == QLatin1String(text)) {
            return value;
        }
    }
    return WireError::Internal;
}

} // namespace ward::protocol
