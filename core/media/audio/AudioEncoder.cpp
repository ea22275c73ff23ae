#include "media/audio/AudioEncoder.h"

#include "media/pipeline/MediaPayload.h"

#include <opus.h>

#include <algorithm>

namespace ward::media {

namespace {
// opus_encode answers with one or two bytes (a TOC byte, perhaps a frame count) for a frame DTX found not
// worth sending; such a packet carries no audio the receiver needs.
constexpr int kDtxPacketBytes = 2;

int clampBitrate(int bitsPerSecond)
{
    return std::clamp(bitsPerSecond, kMinAudioBitrate, kMaxAudioBitrate);
}

Error opusError(const char* what, int code)
{
    return makeError(ErrorCode::Internal,
        QStringLiteral("The audio encoder could not %1 (Opus: %2). Restart the call; if it happens again, "
                       "report it.")
            .arg(QLatin1String(what), QLatin1String(opus_strerror(code))));
}
} // namespace

void AudioEncoder::Deleter::operator()(OpusEncoder* encoder) const
{
    opus_encoder_destroy(encoder);
}

AudioEncoder::AudioEncoder(
    std::unique_ptr<OpusEncoder, Deleter> encoder, const AudioEncoderSettings& settings)
    : m_encoder(std::move(encoder))
    , m_settings(settings)
{ }

AudioEncoder::AudioEncoder(AudioEncoder&&) noexcept = default;
AudioEncoder& AudioEncoder::operator=(AudioEncoder&&) noexcept = default;
AudioEncoder::~AudioEncoder() = default;

Result<AudioEncoder> AudioEncoder::create(const AudioEncoderSettings& settings)
{
    if (settings.channels != 1 && settings.channels != 2) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The audio encoder takes 1 or 2 channels, not %1.").arg(settings.channels));
    }
    if (settings.frameMs != 10 && settings.frameMs != 20) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The audio encoder takes 10 or 20 ms frames, not %1 ms.").arg(settings.frameMs));
    }
    if (settings.expectedLossPercent < 0 || settings.expectedLossPercent > 100) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The expected packet loss must be between 0 and 100 percent, not %1.")
                .arg(settings.expectedLossPercent));
    }
    int rc = OPUS_OK;
    std::unique_ptr<OpusEncoder, Deleter> encoder(
        opus_encoder_create(kEngineSampleRate, settings.channels, OPUS_APPLICATION_VOIP, &rc));
    if (rc != OPUS_OK || !encoder) {
        return opusError("start", rc);
    }
    AudioEncoderSettings applied = settings;
    applied.bitrate = clampBitrate(settings.bitrate);
    OpusEncoder* raw = encoder.get();
    if ((rc = opus_encoder_ctl(raw, OPUS_SET_BITRATE(applied.bitrate))) != OPUS_OK
        || (rc = opus_encoder_ctl(raw, OPUS_SET_INBAND_FEC(applied.inbandFec ? 1 : 0))) != OPUS_OK
        || (rc = opus_encoder_ctl(raw, OPUS_SET_DTX(applied.dtx ? 1 : 0))) != OPUS_OK
        || (rc = opus_encoder_ctl(raw, OPUS_SET_PACKET_LOSS_PERC(applied.expectedLossPercent))) != OPUS_OK) {
        return opusError("be configured", rc);
    }
    return AudioEncoder(std::move(encoder), applied);
}

Result<QByteArray> AudioEncoder::encode(const AudioFrame& frame)
{
    if (frame.sampleRate != kEngineSampleRate || frame.channels != m_settings.channels
        || frame.sampleCount() != frameSamples()
        || frame.samples.size()
            != static_cast<std::size_t>(frameSamples()) * static_cast<std::size_t>(m_settings.channels)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The audio encoder needs %1 samples of %2-channel audio at %3 Hz per frame, but "
                           "was given %4 samples of %5-channel audio at %6 Hz.")
                .arg(frameSamples())
                .arg(m_settings.channels)
                .arg(kEngineSampleRate)
                .arg(frame.sampleCount())
                .arg(frame.channels)
                .arg(frame.sampleRate));
    }
    QByteArray packet(static_cast<qsizetype>(kMaxOpusPacketBytes), Qt::Uninitialized);
    const opus_int32 written = opus_encode(m_encoder.get(), frame.samples.data(), frameSamples(),
        reinterpret_cast<unsigned char*>(packet.data()), static_cast<opus_int32>(packet.size()));
    if (written < 0) {
        return opusError("encode a frame", written);
    }
    if (written <= kDtxPacketBytes) {
        return QByteArray();
    }
    packet.resize(written);
    return packet;
}

Status AudioEncoder::setBitrate(int bitsPerSecond)
{
    const int bitrate = clampBitrate(bitsPerSecond);
    const int rc = opus_encoder_ctl(m_encoder.get(), OPUS_SET_BITRATE(bitrate));
    if (rc != OPUS_OK) {
        return opusError("change its bitrate", rc);
    }
    m_settings.bitrate = bitrate;
    return {};
}

Status AudioEncoder::setExpectedLoss(int percent)
{
    if (percent < 0 || percent > 100) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The expected packet loss must be between 0 and 100 percent, not %1.")
                .arg(percent));
    }
    const int rc = opus_encoder_ctl(m_encoder.get(), OPUS_SET_PACKET_LOSS_PERC(percent));
    if (rc != OPUS_OK) {
        return opusError("change its expected loss", rc);
    }
    m_settings.expectedLossPercent = percent;
    return {};
}

int AudioEncoder::frameSamples() const
{
    return kEngineSampleRate / 1000 * m_settings.frameMs;
}

int AudioEncoder::lookaheadSamples() const
{
    opus_int32 lookahead = 0;
    if (opus_encoder_ctl(m_encoder.get(), OPUS_GET_LOOKAHEAD(&lookahead)) != OPUS_OK) {
        return 0;
    }
    return lookahead;
}

} // namespace ward::media
