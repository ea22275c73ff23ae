// Capture processing for the microphone signal: acoustic echo cancellation against what the speaker played
// (speexdsp's echo canceller), then noise suppression and automatic gain (speexdsp's preprocessor, which is
// also told about the echo). Every stage can be switched off, so each one's effect can be measured.
// The far end must reach the canceller before the capture that contains its echo: playback() is called with
// each frame as it goes to the speaker, capture() with each microphone frame; the processor keeps the far end
// aligned by its own queue.
#pragma once

#include "common/Result.h"
#include "media/AudioFrame.h"

#include <cstdint>
#include <memory>

namespace ward::media {

struct AudioProcessingSettings {
    int channels = 1;
    int frameSamples = 480; // processing block at 48 kHz (10 ms)
    int echoTailMs = 200; // the longest echo path the canceller models
    bool echoCancellation = true;
    bool noiseSuppression = true;
    bool automaticGain = true;
};

struct AudioProcessingStats {
    std::uint64_t captureFrames = 0;
    std::uint64_t playbackFrames = 0;
    std::uint64_t farEndMissing = 0; // capture blocks processed with no far end queued (the canceller idled)
    std::uint64_t farEndDropped = 0; // far-end blocks dropped because more than 50 were queued
};

// Not thread-safe: the caller runs playback() and capture() on one thread or serialises them.
class AudioProcessor {
public:
    static Result<AudioProcessor> create(const AudioProcessingSettings& settings);
    AudioProcessor(AudioProcessor&&) noexcept;
    AudioProcessor& operator=(AudioProcessor&&) noexcept;
    ~AudioProcessor();

    // What the speaker is playing now (48 kHz, any whole number of frameSamples blocks).
    void playback(const AudioFrame& farEnd);
    // Processes the microphone frame in place (48 kHz, any whole number of frameSamples blocks).
    void capture(AudioFrame& nearEnd);

    void setEchoCancellation(bool on);
    void setNoiseSuppression(bool on);
    void setAutomaticGain(bool on);
    const AudioProcessingSettings& settings() const { return m_settings; }
    const AudioProcessingStats& stats() const { return m_stats; }

private:
    struct State;
    AudioProcessor(std::unique_ptr<State> state, const AudioProcessingSettings& settings);
    void processBlock(std::int16_t* block, const std::int16_t* farEnd);

    std::unique_ptr<State> m_state;
    AudioProcessingSettings m_settings;
    AudioProcessingStats m_stats;
};

} // namespace ward::media
