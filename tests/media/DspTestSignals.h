// Deterministic test signals for the audio processing tests: seeded white noise (its own generator, so every
// standard library gives the same samples), and a simulated echo path from a speaker to a microphone.
#pragma once

#include "media/AudioFrame.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <numbers>
#include <utility>
#include <vector>

namespace ward::media::test {

// xorshift64*: uniform white noise of the given peak amplitude (0..1 of full scale).
class WhiteNoise {
public:
    explicit WhiteNoise(std::uint64_t seed, double amplitude)
        : m_state(seed == 0 ? 1 : seed)
        , m_amplitude(amplitude)
    { }

    AudioFrame read(int sampleCount)
    {
        AudioFrame frame = AudioFrame::silence(sampleCount);
        for (auto& sample : frame.samples) {
            m_state ^= m_state >> 12;
            m_state ^= m_state << 25;
            m_state ^= m_state >> 27;
            const std::uint64_t bits = m_state * 0x2545f4914f6cdd1dULL;
            const double uniform = static_cast<double>(bits >> 11) / static_cast<double>(1ULL << 53);
            sample = static_cast<std::int16_t>(std::lround((2.0 * uniform - 1.0) * m_amplitude * 32767.0));
        }
        return frame;
    }

private:
    std::uint64_t m_state;
    double m_amplitude;
};

// What a microphone hears of a speaker: a pure delay, a gain, and a short room response (an FIR).
class EchoPath {
public:
    EchoPath(int delaySamples, double gain, std::vector<double> taps)
        : m_history(static_cast<std::size_t>(delaySamples) + taps.size(), 0.0)
        , m_delay(static_cast<std::size_t>(delaySamples))
        , m_gain(gain)
        , m_taps(std::move(taps))
    { }

    // The echo of `speaker` (mono), sample for sample.
    std::vector<std::int16_t> echo(const std::vector<std::int16_t>& speaker)
    {
        std::vector<std::int16_t> out(speaker.size());
        for (std::size_t n = 0; n < speaker.size(); ++n) {
            m_history.pop_back();
            m_history.push_front(speaker[n]);
            double sum = 0;
            for (std::size_t k = 0; k < m_taps.size(); ++k) {
                sum += m_taps[k] * m_history[m_delay + k];
            }
            out[n] = static_cast<std::int16_t>(std::lround(std::clamp(m_gain * sum, -32768.0, 32767.0)));
        }
        return out;
    }

private:
    std::deque<double> m_history; // newest first
    std::size_t m_delay;
    double m_gain;
    std::vector<double> m_taps;
};

inline double meanSquare(const std::vector<std::int16_t>& samples, std::size_t from, std::size_t to)
{
    double sum = 0;
    for (std::size_t i = from; i < to && i < samples.size(); ++i) {
        sum += static_cast<double>(samples[i]) * samples[i];
    }
    return to > from ? sum / static_cast<double>(to - from) : 0.0;
}

inline double decibels(double powerRatio)
{
    return 10.0 * std::log10(powerRatio);
}

} // namespace ward::media::test
