#include "media/audio/AudioAnalysis.h"

#include "media/audio/LevelMeter.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ward::media {

namespace {
constexpr double kFullScale = 32768.0;
constexpr int kSilenceWindowMs = 5;
} // namespace

double tonePowerShare(const std::int16_t* samples, std::size_t count, int sampleRate, double frequencyHz)
{
    if (samples == nullptr || count < 2 || sampleRate <= 0) {
        return 0;
    }
    // Goertzel over a Hann-windowed signal: the window keeps the tone's mirror image and a non-integer
    // number of periods from leaking into the estimate, so a pure tone reads close to 1 at any length.
    const double omega = 2.0 * std::numbers::pi * frequencyHz / sampleRate;
    const double coefficient = 2.0 * std::cos(omega);
    const double windowStep = 2.0 * std::numbers::pi / static_cast<double>(count - 1);
    double s1 = 0;
    double s2 = 0;
    double windowSum = 0;
    double windowedEnergy = 0;
    double windowSquareSum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double w = 0.5 - 0.5 * std::cos(windowStep * static_cast<double>(i));
        const double x = w * samples[i];
        const double s0 = x + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
        windowSum += w;
        windowedEnergy += x * x;
        windowSquareSum += w * w;
    }
    if (windowedEnergy <= 0) {
        return 0;
    }
    // |X(omega)|^2 from the last two states; a sine of amplitude A gives |X| = A/2 * sum(w).
    const double magnitudeSquared = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    const double tonePower = 2.0 * magnitudeSquared / (windowSum * windowSum);
    const double totalPower = windowedEnergy / windowSquareSum;
    return std::clamp(tonePower / totalPower, 0.0, 1.0);
}

double longestSilenceMs(const std::vector<std::int16_t>& samples, int sampleRate, double thresholdDbfs)
{
    const auto window = static_cast<std::size_t>(std::max(1, sampleRate * kSilenceWindowMs / 1000));
    if (sampleRate <= 0 || samples.size() < window) {
        return 0;
    }
    // A window is silent when its mean square is below the threshold's; the running sum of squares is exact
    // in 64-bit integers, so sliding it never drifts.
    const double thresholdAmplitude = kFullScale * std::pow(10.0, thresholdDbfs / 20.0);
    const double thresholdSum = thresholdAmplitude * thresholdAmplitude * static_cast<double>(window);
    const auto square = [](std::int16_t v) { return static_cast<std::int64_t>(v) * v; };
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < window; ++i) {
        sum += square(samples[i]);
    }
    std::size_t longest = 0;
    std::size_t runStart = 0;
    bool inRun = false;
    for (std::size_t start = 0;; ++start) {
        const bool silent = static_cast<double>(sum) < thresholdSum;
        if (silent && !inRun) {
            runStart = start;
            inRun = true;
        }
        if (!silent && inRun) {
            // Windows runStart..start-1 were silent: the stretch covers their union of samples.
            longest = std::max(longest, start - 1 - runStart + window);
            inRun = false;
        }
        if (start + window >= samples.size()) {
            if (inRun) {
                longest = std::max(longest, start - runStart + window);
            }
            break;
        }
        sum += square(samples[start + window]) - square(samples[start]);
    }
    return static_cast<double>(longest) * 1000.0 / sampleRate;
}

double rmsDbfs(const std::int16_t* samples, std::size_t count)
{
    if (samples == nullptr || count == 0) {
        return kSilenceDbfs;
    }
    double sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        sum += static_cast<double>(samples[i]) * samples[i];
    }
    const double rms = std::sqrt(sum / static_cast<double>(count));
    if (rms <= 0) {
        return kSilenceDbfs;
    }
    return std::max(static_cast<double>(kSilenceDbfs), 20.0 * std::log10(rms / kFullScale));
}

} // namespace ward::media
