// Sample-rate conversion (speexdsp's resampler) from whatever a device gives to the engine's 48 kHz and back.
// Stateful: feed consecutive frames of one stream; output lengths follow the ratio over time.
#pragma once

#include "common/Result.h"
#include "media/AudioFrame.h"

#include <memory>

namespace ward::media {

class Resampler {
public:
    static Result<Resampler> create(int channels, int inputRate, int outputRate, int quality = 5);
    Resampler(Resampler&&) noexcept;
    Resampler& operator=(Resampler&&) noexcept;
    ~Resampler();

    AudioFrame process(const AudioFrame& input);
    int inputRate() const { return m_inputRate; }
    int outputRate() const { return m_outputRate; }

private:
    struct State;
    Resampler(std::unique_ptr<State> state, int channels, int inputRate, int outputRate);

    std::unique_ptr<State> m_state;
    int m_channels = 1;
    int m_inputRate = 0;
    int m_outputRate = 0;
};

} // namespace ward::media
