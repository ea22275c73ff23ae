#include "media/audio/AudioProcessor.h"

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include <algorithm>
#include <vector>

namespace ward::media {

namespace {
// Far-end blocks waiting for their capture block. A speaker that runs ahead of the microphone by more than
// half a second is not an echo path the canceller could model anyway; older blocks are dropped.
constexpr std::size_t kMaxQueuedFarEndBlocks = 50;
constexpr int kMinFrameSamples = kEngineSampleRate / 1000; // 1 ms
constexpr int kMaxFrameSamples = kEngineSampleRate / 10; // 100 ms
constexpr int kMinEchoTailMs = 10;
constexpr int kMaxEchoTailMs = 1000;

struct EchoDeleter {
    void operator()(SpeexEchoState* state) const { speex_echo_state_destroy(state); }
};

struct PreprocessDeleter {
    void operator()(SpeexPreprocessState* state) const { speex_preprocess_state_destroy(state); }
};

bool setFlag(SpeexPreprocessState* state, int request, bool on)
{
    spx_int32_t value = on ? 1 : 0;
    return speex_preprocess_ctl(state, request, &value) == 0;
}
} // namespace

// Stereo: the canceller models one microphone (the first capture channel) and every speaker channel
// (speexdsp's multichannel canceller), the preprocessor runs on that one channel, and the result is written
// to every capture channel. A stereo microphone on a call is two copies of one voice; one processed channel
// is what the encoder needs.
struct AudioProcessor::State {
    std::unique_ptr<SpeexEchoState, EchoDeleter> echo;
    std::unique_ptr<SpeexPreprocessState, PreprocessDeleter> preprocess;
    // A ring of kMaxQueuedFarEndBlocks far-end blocks, interleaved like the playback frames; no allocation
    // on the audio path.
    std::vector<std::int16_t> farEnd;
    std::size_t farEndFirst = 0; // the oldest queued block
    std::size_t farEndQueued = 0;
    std::vector<std::int16_t> silence; // the far end when none is queued
    std::vector<std::int16_t> microphone; // the first capture channel of one block
    std::vector<std::int16_t> cancelled;
};

Result<AudioProcessor> AudioProcessor::create(const AudioProcessingSettings& settings)
{
    if (settings.channels < 1 || settings.channels > 2) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("Audio processing takes mono or stereo audio, not %1 channels.")
                .arg(settings.channels));
    }
    if (settings.frameSamples < kMinFrameSamples || settings.frameSamples > kMaxFrameSamples) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The audio processing block must be 1 to 100 ms (48 to 4800 samples), not %1 "
                           "samples.")
                .arg(settings.frameSamples));
    }
    if (settings.echoTailMs < kMinEchoTailMs || settings.echoTailMs > kMaxEchoTailMs) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The echo tail must be 10 to 1000 ms, not %1 ms.").arg(settings.echoTailMs));
    }
    auto state = std::make_unique<State>();
    const int tailSamples = settings.echoTailMs * (kEngineSampleRate / 1000);
    state->echo.reset(speex_echo_state_init_mc(settings.frameSamples, tailSamples, 1, settings.channels));
    state->preprocess.reset(speex_preprocess_state_init(settings.frameSamples, kEngineSampleRate));
    if (!state->echo || !state->preprocess) {
        return makeError(ErrorCode::Internal, QStringLiteral("Audio processing could not be set up."));
    }
    spx_int32_t rate = kEngineSampleRate;
    speex_echo_ctl(state->echo.get(), SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    SpeexPreprocessState* preprocess = state->preprocess.get();
    if (!setFlag(preprocess, SPEEX_PREPROCESS_SET_DENOISE, settings.noiseSuppression)
        || !setFlag(preprocess, SPEEX_PREPROCESS_SET_AGC, settings.automaticGain)) {
        // A fixed-point build of speexdsp has no automatic gain.
        return makeError(ErrorCode::Internal,
            QStringLiteral("This build of speexdsp lacks noise suppression or automatic gain."));
    }
    speex_preprocess_ctl(
        preprocess, SPEEX_PREPROCESS_SET_ECHO_STATE, settings.echoCancellation ? state->echo.get() : nullptr);
    const auto blockValues
        = static_cast<std::size_t>(settings.frameSamples) * static_cast<std::size_t>(settings.channels);
    state->silence.assign(blockValues, 0);
    state->farEnd.resize(blockValues * kMaxQueuedFarEndBlocks);
    state->microphone.resize(static_cast<std::size_t>(settings.frameSamples));
    state->cancelled.resize(static_cast<std::size_t>(settings.frameSamples));
    return AudioProcessor(std::move(state), settings);
}

AudioProcessor::AudioProcessor(std::unique_ptr<State> state, const AudioProcessingSettings& settings)
    : m_state(std::move(state))
    , m_settings(settings)
{ }

AudioProcessor::AudioProcessor(AudioProcessor&&) noexcept = default;
AudioProcessor& AudioProcessor::operator=(AudioProcessor&&) noexcept = default;
AudioProcessor::~AudioProcessor() = default;

void AudioProcessor::playback(const AudioFrame& farEnd)
{
    // Audio of another rate or layout is not what this processor was set up for; it is ignored.
    if (!m_state || farEnd.sampleRate != kEngineSampleRate || farEnd.channels != m_settings.channels) {
        return;
    }
    ++m_stats.playbackFrames;
    State& s = *m_state;
    const std::size_t blockValues = s.silence.size();
    for (std::size_t start = 0; start + blockValues <= farEnd.samples.size(); start += blockValues) {
        if (s.farEndQueued == kMaxQueuedFarEndBlocks) {
            s.farEndFirst = (s.farEndFirst + 1) % kMaxQueuedFarEndBlocks;
            --s.farEndQueued;
            ++m_stats.farEndDropped;
        }
        const std::size_t slot = (s.farEndFirst + s.farEndQueued) % kMaxQueuedFarEndBlocks;
        std::copy_n(farEnd.samples.begin() + static_cast<std::ptrdiff_t>(start), blockValues,
            s.farEnd.begin() + static_cast<std::ptrdiff_t>(slot * blockValues));
        ++s.farEndQueued;
    }
}

void AudioProcessor::capture(AudioFrame& nearEnd)
{
    if (!m_state || nearEnd.sampleRate != kEngineSampleRate || nearEnd.channels != m_settings.channels) {
        return;
    }
    ++m_stats.captureFrames;
    State& s = *m_state;
    const std::size_t blockValues = s.silence.size();
    const bool anyStage
        = m_settings.echoCancellation || m_settings.noiseSuppression || m_settings.automaticGain;
    // A trailing part block (outside the contract) passes unprocessed: it cannot be aligned with a far end.
    for (std::size_t start = 0; start + blockValues <= nearEnd.samples.size(); start += blockValues) {
        // One far-end block per capture block, whether or not a stage is on, so the alignment never drifts.
        const std::int16_t* far = s.silence.data();
        if (s.farEndQueued > 0) {
            far = s.farEnd.data() + s.farEndFirst * blockValues;
            s.farEndFirst = (s.farEndFirst + 1) % kMaxQueuedFarEndBlocks;
            --s.farEndQueued;
        } else {
            ++m_stats.farEndMissing;
        }
        if (anyStage) {
            processBlock(nearEnd.samples.data() + start, far);
        }
    }
}

void AudioProcessor::processBlock(std::int16_t* block, const std::int16_t* farEnd)
{
    State& s = *m_state;
    const auto channels = static_cast<std::size_t>(m_settings.channels);
    for (std::size_t i = 0; i < s.microphone.size(); ++i) {
        s.microphone[i] = block[i * channels];
    }
    if (m_settings.echoCancellation) {
        speex_echo_cancellation(s.echo.get(), s.microphone.data(), farEnd, s.cancelled.data());
        s.microphone.swap(s.cancelled);
    }
    // The preprocessor's residual echo suppression is part of its denoiser: with noise suppression and
    // automatic gain both off there is nothing for it to do.
    if (m_settings.noiseSuppression || m_settings.automaticGain) {
        speex_preprocess_run(s.preprocess.get(), s.microphone.data());
    }
    for (std::size_t i = 0; i < s.microphone.size(); ++i) {
        for (std::size_t c = 0; c < channels; ++c) {
            block[i * channels + c] = s.microphone[i];
        }
    }
}

void AudioProcessor::setEchoCancellation(bool on)
{
    if (!m_state || on == m_settings.echoCancellation) {
        return;
    }
    m_settings.echoCancellation = on;
    // The canceller saw no far end while it was off: its filter and history are stale, so it starts afresh.
    if (on) {
        speex_echo_state_reset(m_state->echo.get());
    }
    speex_preprocess_ctl(
        m_state->preprocess.get(), SPEEX_PREPROCESS_SET_ECHO_STATE, on ? m_state->echo.get() : nullptr);
}

void AudioProcessor::setNoiseSuppression(bool on)
{
    if (m_state) {
        m_settings.noiseSuppression = on;
        setFlag(m_state->preprocess.get(), SPEEX_PREPROCESS_SET_DENOISE, on);
    }
}

void AudioProcessor::setAutomaticGain(bool on)
{
    if (m_state) {
        m_settings.automaticGain = on;
        setFlag(m_state->preprocess.get(), SPEEX_PREPROCESS_SET_AGC, on);
    }
}

} // namespace ward::media
