#include "media/audio/LevelMeter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace ward::media {

namespace {
constexpr double kFullScale = 32768.0;
constexpr float kBarFloorDbfs = -60.0F;
// A UI bar falls back at this rate after a peak, so a short click stays visible for a moment.
constexpr double kBarDecayDbPerSecond = 20.0;

float toDbfs(double amplitude)
{
    if (amplitude <= 0) {
        return kSilenceDbfs;
    }
    return std::max(kSilenceDbfs, static_cast<float>(20.0 * std::log10(amplitude / kFullScale)));
}
} // namespace

void LevelMeter::add(const AudioFrame& frame)
{
    int framePeak = 0;
    for (const std::int16_t sample : frame.samples) {
        const int magnitude = std::abs(static_cast<int>(sample));
        framePeak = std::max(framePeak, magnitude);
        m_sumSquares += static_cast<double>(sample) * static_cast<double>(sample);
    }
    m_count += static_cast<long long>(frame.samples.size());
    m_peak = std::max(m_peak, framePeak);

    const double decay = kBarDecayDbPerSecond * toMilliseconds(frame.duration()) / 1000.0;
    m_barDbfs = std::max(toDbfs(framePeak), static_cast<float>(m_barDbfs - decay));
}

float LevelMeter::peakDbfs() const
{
    return toDbfs(m_peak);
}

float LevelMeter::rmsDbfs() const
{
    if (m_count == 0) {
        return kSilenceDbfs;
    }
    return toDbfs(std::sqrt(m_sumSquares / static_cast<double>(m_count)));
}

float LevelMeter::barLevel() const
{
    return std::clamp((m_barDbfs - kBarFloorDbfs) / -kBarFloorDbfs, 0.0F, 1.0F);
}

void LevelMeter::reset()
{
    // The bar keeps its decaying peak: a UI that resets every tick still sees it fall smoothly.
    m_sumSquares = 0;
    m_count = 0;
    m_peak = 0;
}

} // namespace ward::media
