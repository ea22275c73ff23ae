#include "media/io/ToneSource.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ward::media {

namespace {
constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kPeak = 32767.0;

double clampAmplitude(double amplitude)
{
    return std::isfinite(amplitude) ? std::clamp(amplitude, 0.0, 1.0) : 0.0;
}

AudioFrame emptyFrame(int sampleCount, std::uint32_t timestamp, MediaTime now)
{
    AudioFrame frame = AudioFrame::silence(std::max(0, sampleCount));
    frame.timestamp = timestamp;
    frame.captureTime = now;
    return frame;
}

std::int16_t sample(double amplitude, double phase)
{
    return static_cast<std::int16_t>(std::lround(amplitude * kPeak * std::sin(phase)));
}
} // namespace

ToneSource::ToneSource(double frequencyHz, double amplitude)
    : m_frequency(std::isfinite(frequencyHz) ? frequencyHz : 0.0)
    , m_amplitude(clampAmplitude(amplitude))
{ }

AudioFrame ToneSource::read(int sampleCount, MediaTime now)
{
    AudioFrame frame = emptyFrame(sampleCount, m_timestamp, now);
    const double step = kTwoPi * m_frequency / kEngineSampleRate;
    for (auto& value : frame.samples) {
        value = sample(m_amplitude, m_phase);
        // Wrapping keeps the phase small, so a tone an hour in is as clean as at its start.
        m_phase = std::fmod(m_phase + step, kTwoPi);
    }
    m_timestamp += static_cast<std::uint32_t>(frame.sampleCount());
    return frame;
}

ChirpSource::ChirpSource(double fromHz, double toHz, double sweepSeconds, double amplitude)
    : m_from(std::isfinite(fromHz) ? fromHz : 0.0)
    , m_to(std::isfinite(toHz) ? toHz : 0.0)
    , m_sweepSeconds(std::isfinite(sweepSeconds) && sweepSeconds > 0 ? sweepSeconds : 1.0)
    , m_amplitude(clampAmplitude(amplitude))
{ }

AudioFrame ChirpSource::read(int sampleCount, MediaTime now)
{
    AudioFrame frame = emptyFrame(sampleCount, static_cast<std::uint32_t>(m_position), now);
    const double sweepSamples = m_sweepSeconds * kEngineSampleRate;
    for (auto& value : frame.samples) {
        value = sample(m_amplitude, m_phase);
        // Up from `from` to `to` in one sweep, back down in the next: a triangle in frequency.
        const double cycle = std::fmod(static_cast<double>(m_position) / sweepSamples, 2.0);
        const double progress = cycle <= 1.0 ? cycle : 2.0 - cycle;
        const double frequency = m_from + (m_to - m_from) * progress;
        m_phase = std::fmod(m_phase + kTwoPi * frequency / kEngineSampleRate, kTwoPi);
        ++m_position;
    }
    return frame;
}

} // namespace ward::media
