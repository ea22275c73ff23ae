#include "media/audio/AudioDecoder.h"

#include "media/audio/OpusPacketInfo.h"
#include "media/pipeline/MediaPayload.h"

#include <opus.h>

namespace ward::media {

namespace {
// Opus decodes and conceals in steps of 2.5 ms and at most 120 ms at a time.
constexpr int kOpusStepSamples = kEngineSampleRate / 400;
constexpr int kMaxFrameSamples = kEngineSampleRate / 1000 * 120;

Error decoderError(const char* what, int code)
{
    return makeError(ErrorCode::Corrupt,
        QStringLiteral("An audio packet could not be %1 (Opus: %2); the gap is concealed.")
            .arg(QLatin1String(what), QLatin1String(opus_strerror(code))));
}

Status checkPacket(const QByteArray& packet)
{
    if (packet.isEmpty() || static_cast<std::size_t>(packet.size()) > kMaxOpusPacketBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "An audio packet of %1 bytes is not an Opus packet (1 to %2 bytes); it is dropped.")
                .arg(packet.size())
                .arg(kMaxOpusPacketBytes));
    }
    return {};
}

Status checkSampleCount(int sampleCount)
{
    if (sampleCount <= 0 || sampleCount > kMaxFrameSamples || sampleCount % kOpusStepSamples != 0) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "Audio can be recovered or concealed only in steps of 2.5 ms up to 120 ms, not for "
                "%1 samples.")
                .arg(sampleCount));
    }
    return {};
}
} // namespace

void AudioDecoder::Deleter::operator()(OpusDecoder* decoder) const
{
    opus_decoder_destroy(decoder);
}

AudioDecoder::AudioDecoder(std::unique_ptr<OpusDecoder, Deleter> decoder, int channels)
    : m_decoder(std::move(decoder))
    , m_channels(channels)
{ }

AudioDecoder::AudioDecoder(AudioDecoder&&) noexcept = default;
AudioDecoder& AudioDecoder::operator=(AudioDecoder&&) noexcept = default;
AudioDecoder::~AudioDecoder() = default;

Result<AudioDecoder> AudioDecoder::create(int channels)
{
    if (channels != 1 && channels != 2) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The audio decoder plays 1 or 2 channels, not %1.").arg(channels));
    }
    int rc = OPUS_OK;
    std::unique_ptr<OpusDecoder, Deleter> decoder(opus_decoder_create(kEngineSampleRate, channels, &rc));
    if (rc != OPUS_OK || !decoder) {
        return makeError(ErrorCode::Internal,
            QStringLiteral("The audio decoder could not start (Opus: %1). Restart the call.")
                .arg(QLatin1String(opus_strerror(rc))));
    }
    return AudioDecoder(std::move(decoder), channels);
}

Result<AudioFrame> AudioDecoder::decode(const QByteArray& packet)
{
    if (auto checked = checkPacket(packet); !checked) {
        return checked.error();
    }
    const int samples = packetSamples(packet);
    if (samples <= 0) {
        return makeError(ErrorCode::Corrupt,
            QStringLiteral("An audio packet is damaged (its framing is not valid Opus); the gap is "
                           "concealed."));
    }
    AudioFrame frame = AudioFrame::silence(samples, m_channels);
    const int decoded
        = opus_decode(m_decoder.get(), reinterpret_cast<const unsigned char*>(packet.constData()),
            static_cast<opus_int32>(packet.size()), frame.samples.data(), samples, 0);
    if (decoded < 0) {
        return decoderError("decoded", decoded);
    }
    frame.samples.resize(static_cast<std::size_t>(decoded) * static_cast<std::size_t>(m_channels));
    return frame;
}

Result<AudioFrame> AudioDecoder::decodeFec(const QByteArray& nextPacket, int sampleCount)
{
    if (auto checked = checkPacket(nextPacket); !checked) {
        return checked.error();
    }
    if (auto checked = checkSampleCount(sampleCount); !checked) {
        return checked.error();
    }
    AudioFrame frame = AudioFrame::silence(sampleCount, m_channels);
    const int decoded
        = opus_decode(m_decoder.get(), reinterpret_cast<const unsigned char*>(nextPacket.constData()),
            static_cast<opus_int32>(nextPacket.size()), frame.samples.data(), sampleCount, 1);
    if (decoded < 0) {
        return decoderError("used for recovery", decoded);
    }
    frame.samples.resize(static_cast<std::size_t>(decoded) * static_cast<std::size_t>(m_channels));
    return frame;
}

Result<AudioFrame> AudioDecoder::conceal(int sampleCount)
{
    if (auto checked = checkSampleCount(sampleCount); !checked) {
        return checked.error();
    }
    AudioFrame frame = AudioFrame::silence(sampleCount, m_channels);
    const int decoded = opus_decode(m_decoder.get(), nullptr, 0, frame.samples.data(), sampleCount, 0);
    if (decoded < 0) {
        return decoderError("concealed", decoded);
    }
    frame.samples.resize(static_cast<std::size_t>(decoded) * static_cast<std::size_t>(m_channels));
    return frame;
}

bool AudioDecoder::carriesFec(const QByteArray& packet)
{
    return inspectOpusPacket(packet).lbrr;
}

int AudioDecoder::packetSamples(const QByteArray& packet)
{
    return inspectOpusPacket(packet).samples();
}

} // namespace ward::media
