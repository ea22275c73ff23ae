// A block of PCM audio: signed 16-bit samples, interleaved when there is more than one channel. The engine
// works at 48 kHz; device adapters resample to it. `timestamp` counts samples per channel on the sender's
// timeline (it travels in every audio packet), `captureTime` is when the first sample was captured.
#pragma once

#include "media/MediaTime.h"

#include <cstdint>
#include <vector>

namespace ward::media {

inline constexpr int kEngineSampleRate = 48000;

struct AudioFrame {
    int sampleRate = kEngineSampleRate;
    int channels = 1;
    std::vector<std::int16_t> samples; // sampleCount() * channels values
    std::uint32_t timestamp = 0;
    MediaTime captureTime = 0;

    int sampleCount() const { return channels > 0 ? static_cast<int>(samples.size()) / channels : 0; }
    MediaTime duration() const
    {
        return sampleRate > 0 ? static_cast<MediaTime>(sampleCount()) * kMicrosecondsPerSecond / sampleRate
                              : 0;
    }

    static AudioFrame silence(int sampleCount, int channels = 1, int sampleRate = kEngineSampleRate)
    {
        AudioFrame frame;
        frame.sampleRate = sampleRate;
        frame.channels = channels;
        frame.samples.assign(static_cast<std::size_t>(sampleCount) * static_cast<std::size_t>(channels), 0);
        return frame;
    }
};

} // namespace ward::media
