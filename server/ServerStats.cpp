#include "ServerStats.h"

#include <QStringList>

namespace ward::server {

QString ServerStats::summary() const
{
    static constexpr std::array<const char*, static_cast<std::size_t>(Counter::Count_)> kNames {
        "connections", "requests", "malformed", "too_large", "unknown_type", "unauthenticated", "forbidden",
        "rate_limited", "signin_failures"
    };
    QStringList parts;
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        parts.append(QStringLiteral("%1=%2").arg(QLatin1String(kNames[i])).arg(m_values[i]));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace ward::server
