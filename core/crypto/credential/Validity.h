// A validity period in UTC seconds since the epoch. Both ends are inclusive: an object is valid at exactly
// notAfter and expired one second later (as X.509's notAfter). Times past the year 9999 are refused on the
// wire, so arithmetic on them cannot overflow.
#pragma once

#include <QDateTime>
#include <QString>

#include <cstdint>

namespace ward::crypto::credential {

// 9999-12-31T23:59:59Z.
inline constexpr std::int64_t kMaxTimeSeconds = 253402300799;

struct Validity {
    std::int64_t notBefore = 0;
    std::int64_t notAfter = 0;

    bool wellFormed() const { return notBefore >= 0 && notAfter <= kMaxTimeSeconds && notBefore <= notAfter; }
    bool notYetValidAt(std::int64_t now) const { return now < notBefore; }
    bool expiredAt(std::int64_t now) const { return now > notAfter; }

    bool operator==(const Validity&) const = default;
};

// "2025-03-01T09:30:00Z", for messages and wardctl's output.
inline QString utcText(std::int64_t seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate);
}

} // namespace ward::crypto::credential
