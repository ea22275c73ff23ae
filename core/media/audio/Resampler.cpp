#include "media/audio/Resampler.h"

#include <speex/speex_resampler.h>

#include <algorithm>

namespace ward::media {

namespace {
constexpr int kMinRate = 8000;
constexpr int kMaxRate = 192000;

struct ResamplerDeleter {
    void operator()(SpeexResamplerState* state) const { speex_resampler_destroy(state); }
};
} // namespace

struct Resampler::State {
    std::unique_ptr<SpeexResamplerState, ResamplerDeleter> resampler;
};

Result<Resampler> Resampler::create(int channels, int inputRate, int outputRate, int quality)
{
    if (channels < 1 || channels > 2) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The resampler takes mono or stereo audio, not %1 channels.").arg(channels));
    }
    if (inputRate < kMinRate || inputRate > kMaxRate || outputRate < kMinRate || outputRate > kMaxRate) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("Sample rates from %1 to %2 Hz can be converted; %3 Hz to %4 Hz cannot.")
                .arg(QString::number(kMinRate), QString::number(kMaxRate), QString::number(inputRate),
                    QString::number(outputRate)));
    }
    if (quality < SPEEX_RESAMPLER_QUALITY_MIN || quality > SPEEX_RESAMPLER_QUALITY_MAX) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The resampler quality must be from 0 to 10, not %1.").arg(quality));
    }
    int error = RESAMPLER_ERR_SUCCESS;
    std::unique_ptr<SpeexResamplerState, ResamplerDeleter> resampler(
        speex_resampler_init(static_cast<spx_uint32_t>(channels), static_cast<spx_uint32_t>(inputRate),
            static_cast<spx_uint32_t>(outputRate), quality, &error));
    if (!resampler || error != RESAMPLER_ERR_SUCCESS) {
        return makeError(ErrorCode::Internal,
            QStringLiteral("The resampler could not be set up (%1).")
                .arg(QString::fromUtf8(speex_resampler_strerror(error))));
    }
    // Without this the output would start with the filter's delay in zeros: latency a call does not need.
    speex_resampler_skip_zeros(resampler.get());
    auto state = std::make_unique<State>();
    state->resampler = std::move(resampler);
    return Resampler(std::move(state), channels, inputRate, outputRate);
}

Resampler::Resampler(std::unique_ptr<State> state, int channels, int inputRate, int outputRate)
    : m_state(std::move(state))
    , m_channels(channels)
    , m_inputRate(inputRate)
    , m_outputRate(outputRate)
{ }

Resampler::Resampler(Resampler&&) noexcept = default;
Resampler& Resampler::operator=(Resampler&&) noexcept = default;
Resampler::~Resampler() = default;

AudioFrame Resampler::process(const AudioFrame& input)
{
    AudioFrame output;
    output.sampleRate = m_outputRate;
    output.channels = m_channels;
    output.captureTime = input.captureTime;
    // The output timeline counts output samples: the input's timestamp scaled by the rate ratio.
    output.timestamp = static_cast<std::uint32_t>(static_cast<std::uint64_t>(input.timestamp)
        * static_cast<std::uint64_t>(m_outputRate) / static_cast<std::uint64_t>(m_inputRate));
    // Audio of another rate or layout is not this stream's: nothing comes out rather than noise.
    if (!m_state || input.sampleRate != m_inputRate || input.channels != m_channels) {
        return output;
    }
    const auto inputFrames = static_cast<std::uint64_t>(input.sampleCount());
    if (inputFrames == 0) {
        return output;
    }
    // Room for the ratio over this input plus what the filter may still hold from the last call.
    const std::uint64_t capacity
        = inputFrames * static_cast<std::uint64_t>(m_outputRate) / static_cast<std::uint64_t>(m_inputRate)
        + 64;
    output.samples.resize(static_cast<std::size_t>(capacity) * static_cast<std::size_t>(m_channels));

    std::uint64_t consumed = 0;
    std::uint64_t produced = 0;
    while (consumed < inputFrames && produced < capacity) {
        auto inLength = static_cast<spx_uint32_t>(inputFrames - consumed);
        auto outLength = static_cast<spx_uint32_t>(capacity - produced);
        speex_resampler_process_interleaved_int(m_state->resampler.get(),
            input.samples.data() + consumed * static_cast<std::uint64_t>(m_channels), &inLength,
            output.samples.data() + produced * static_cast<std::uint64_t>(m_channels), &outLength);
        if (inLength == 0 && outLength == 0) {
            break;
        }
        consumed += inLength;
        produced += outLength;
    }
    output.samples.resize(static_cast<std::size_t>(produced) * static_cast<std::size_t>(m_channels));
    return output;
}

} // namespace ward::media
