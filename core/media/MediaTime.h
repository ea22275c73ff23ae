// Time on the media timeline, in microseconds. A call runs on a real clock; the loopback harness runs the
// same pipelines on a simulated clock, so every media component takes "now" as an argument and never reads a
// clock of its own. That is what makes a run with the same seed give the same result.
#pragma once

#include <cstdint>

namespace ward::media {

using MediaTime = std::int64_t; // microseconds

inline constexpr MediaTime kMicrosecondsPerMillisecond = 1000;
inline constexpr MediaTime kMicrosecondsPerSecond = 1000000;

inline constexpr MediaTime fromMilliseconds(std::int64_t ms)
{
    return ms * kMicrosecondsPerMillisecond;
}

inline constexpr double toMilliseconds(MediaTime t)
{
    return static_cast<double>(t) / static_cast<double>(kMicrosecondsPerMillisecond);
}

} // namespace ward::media
