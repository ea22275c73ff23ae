#include "load/LoadStats.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace ward::bench {

void LoadStats::countError(const QString& phase, protocol::WireError wire)
{
    ++errors[phase + QStringLiteral(": ") + protocol::wireErrorName(wire)];
}

void LoadStats::countFailure(const QString& phase, const QString& what)
{
    ++errors[phase + QStringLiteral(": ") + what];
}

std::int64_t LoadStats::percentileUs(double p)
{
    if (latenciesUs.empty()) {
        return 0;
    }
    std::sort(latenciesUs.begin(), latenciesUs.end());
    const auto count = static_cast<double>(latenciesUs.size());
    const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100.0 * count)));
    return latenciesUs[std::min(rank, latenciesUs.size()) - 1];
}

std::int64_t monotonicUs()
{
    static const auto start = std::chrono::steady_clock::now();
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
        .count();
}

} // namespace ward::bench
