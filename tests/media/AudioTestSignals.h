// Synthetic audio and measurements for the audio codec and jitter buffer tests: a speech-like tone (a 1 kHz
// tone whose loudness rises and falls four times a second, so that Opus's voice detector keeps calling it
// speech), a deterministic random source, and the share of a signal's power at one frequency (Goertzel).
#pragma once

#include "media/AudioFrame.h"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace ward::media::test {

inline constexpr double kToneHz = 1000.0;

// A fixed-seed generator whose output is the same on every platform (unlike std's distributions).
class Lcg {
public:
    explicit Lcg(std::uint32_t seed)
        : m_state(seed)
    { }
    std::uint32_t next()
    {
        m_state = m_state * 1664525u + 1013904223u;
        return m_state >> 8;
    }
    double uniform() { return static_cast<double>(next()) / 16777216.0; } // [0, 1)

private:
    std::uint32_t m_state;
};

// Frame `index` (of `samples` samples per channel) of the speech-like tone; silent frames are all zero.
inline AudioFrame speechLikeFrame(int index, int samples, int channels = 1, bool silent = false)
{
    AudioFrame frame = AudioFrame::silence(samples, channels);
    if (silent) {
        return frame;
    }
    for (int i = 0; i < samples; ++i) {
        const double t = static_cast<double>(index * samples + i) / kEngineSampleRate;
        const double envelope = 0.5 + 0.5 * std::sin(2 * std::numbers::pi * 4.0 * t);
        const double value = 0.3 * envelope * std::sin(2 * std::numbers::pi * kToneHz * t);
        for (int c = 0; c < channels; ++c) {
            frame.samples[static_cast<std::size_t>(i) * static_cast<std::size_t>(channels)
                + static_cast<std::size_t>(c)]
                = static_cast<std::int16_t>(value * 32767);
        }
    }
    return frame;
}

// The share (0..1) of the power of `count` samples (every `stride`-th from `samples`) that lies at
// `frequencyHz`; a pure tone at that frequency, a whole number of periods long, gives 1.
inline double toneShare(
    const std::int16_t* samples, std::size_t count, double frequencyHz, std::size_t stride = 1)
{
    const double w = 2 * std::numbers::pi * frequencyHz / kEngineSampleRate;
    const double coefficient = 2 * std::cos(w);
    double s1 = 0;
    double s2 = 0;
    double energy = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double x = samples[i * stride];
        energy += x * x;
        const double s0 = x + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    if (energy <= 0) {
        return 0;
    }
    const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    return 2 * power / (static_cast<double>(count) * energy);
}

// The same over consecutive 20 ms windows, weighted by their power: wide enough (50 Hz) to take in the
// sidebands of a tone whose loudness changes a few times a second.
inline double toneShare(const std::vector<std::int16_t>& samples, double frequencyHz)
{
    constexpr std::size_t kWindow = kEngineSampleRate / 50;
    double tone = 0;
    double total = 0;
    for (std::size_t at = 0; at + kWindow <= samples.size(); at += kWindow) {
        double energy = 0;
        for (std::size_t i = at; i < at + kWindow; ++i) {
            energy += static_cast<double>(samples[i]) * samples[i];
        }
        tone += toneShare(samples.data() + at, kWindow, frequencyHz) * energy;
        total += energy;
    }
    return total > 0 ? tone / total : 0;
}

} // namespace ward::media::test
