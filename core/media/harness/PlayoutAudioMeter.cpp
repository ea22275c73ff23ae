#include "media/harness/PlayoutAudioMeter.h"

#include "media/audio/AudioAnalysis.h"

#include <algorithm>
#include <numeric>

namespace ward::media {

PlayoutAudioMeter::PlayoutAudioMeter(int lookaheadSamples, MediaTime captureStart, AudioSink* recording)
    : m_lookahead(lookaheadSamples)
    , m_captureStart(captureStart)
    , m_recording(recording)
{ }

void PlayoutAudioMeter::played(const PlayoutFrame& frame, MediaTime now)
{
    if (m_recording) {
        m_recording->write(frame.audio, now);
    }
    if (frame.kind == PlayoutKind::Decoded || frame.kind == PlayoutKind::FecRecovered) {
        const auto sourceSample = static_cast<std::int64_t>(frame.audio.timestamp) - m_lookahead;
        const MediaTime captured = m_captureStart + sourceSample * kMicrosecondsPerSecond / kEngineSampleRate;
        m_delaysMs.push_back(toMilliseconds(now - captured));
    }
    if (frame.kind == PlayoutKind::Waiting && m_heard.empty()) {
        return;
    }
    const int channels = std::max(1, frame.audio.channels);
    for (std::size_t i = 0; i + static_cast<std::size_t>(channels) <= frame.audio.samples.size();
         i += static_cast<std::size_t>(channels)) {
        m_heard.push_back(frame.audio.samples[i]);
    }
}

void PlayoutAudioMeter::finish(AudioFigures& figures) const
{
    if (!m_delaysMs.empty()) {
        std::vector<double> sorted = m_delaysMs;
        std::sort(sorted.begin(), sorted.end());
        figures.delayMeanMs
            = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
        figures.delayP95Ms = sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)];
        figures.delayMaxMs = sorted.back();
    }
    // The first sound starts the check, so the wait before the first packet is not counted as a gap.
    auto first
        = std::find_if(m_heard.begin(), m_heard.end(), [](std::int16_t s) { return s > 300 || s < -300; });
    if (first != m_heard.end()) {
        const std::vector<std::int16_t> heard(first, m_heard.end());
        figures.longestSilenceMs = longestSilenceMs(heard, kEngineSampleRate);
    }
}

} // namespace ward::media
