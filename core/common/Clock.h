// Wall-clock time as UTC milliseconds since the epoch, behind a seam so tests can move time.
#pragma once

#include <QDateTime>

#include <cstdint>
#include <functional>

namespace ward {

using Clock = std::function<std::int64_t()>;

inline Clock systemClock()
{
    return [] { return QDateTime::currentMSecsSinceEpoch(); };
}

} // namespace ward
