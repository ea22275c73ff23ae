#include "media/pipeline/MediaSender.h"

#include "media/pipeline/MediaPayload.h"
#include "media/video/ColorConverter.h"
#include "media/video/VideoPacketizer.h"

#include <algorithm>
#include <cmath>
#include <variant>

namespace ward::media {

namespace {

QByteArray payloadWithHeader(PayloadKind kind, MediaTime now, std::size_t bodyBytes)
{
    QByteArray payload(static_cast<qsizetype>(kPayloadHeaderBytes + bodyBytes), Qt::Uninitialized);
    PayloadHeader { kind, PayloadHeader::wireTime(now) }.write(
        reinterpret_cast<std::uint8_t*>(payload.data()));
    return payload;
}

MediaTime frameInterval(double frameRate)
{
    return static_cast<MediaTime>(
        std::llround(static_cast<double>(kMicrosecondsPerSecond) / std::max(1.0, frameRate)));
}

} // namespace

Result<MediaSender> MediaSender::create(
    const SenderSettings& settings, std::uint16_t participant, PayloadOutput output)
{
    auto audio = AudioEncoder::create(settings.audio);
    if (!audio) {
        return audio.error();
    }
    return MediaSender(settings, participant, std::move(output), std::move(audio).value());
}

MediaSender::MediaSender(
    const SenderSettings& settings, std::uint16_t participant, PayloadOutput output, AudioEncoder audio)
    : m_settings(settings)
    , m_participant(participant)
    , m_output(std::move(output))
    , m_audio(std::move(audio))
    , m_bandwidth(settings.bandwidth)
    , m_allocator(settings.maxWidth, settings.maxHeight, settings.maxFrameRate)
{
    applyAllocation(0);
}

Status MediaSender::sendAudio(const AudioFrame& frame, MediaTime now)
{
    ++m_stats.audioFrames;
    auto packet = m_audio.encode(frame);
    if (!packet) {
        return packet.error();
    }
    if (packet->isEmpty()) {
        return {}; // DTX: the receiver fills the gap with comfort silence
    }
    QByteArray payload
        = payloadWithHeader(PayloadKind::Audio, now, 4 + static_cast<std::size_t>(packet->size()));
    auto* body = reinterpret_cast<std::uint8_t*>(payload.data()) + kPayloadHeaderBytes;
    writeBigEndian(body, frame.timestamp, 4);
    std::copy(packet->cbegin(), packet->cend(), payload.begin() + static_cast<qsizetype>(kAudioHeaderBytes));
    ++m_stats.audioPackets;
    m_stats.audioBytes += static_cast<std::uint64_t>(payload.size());
    deliver(audioStream(m_participant), std::move(payload));
    return {};
}

bool MediaSender::videoFrameDue(MediaTime now) const
{
    return m_settings.video && !m_allocator.current().videoPaused() && now >= m_nextVideoAt;
}

Status MediaSender::sendVideo(const VideoFrame& frame, MediaTime now)
{
    const MediaAllocation allocation = m_allocator.current();
    if (!m_settings.video || allocation.videoPaused()) {
        return {};
    }
    ++m_stats.videoFramesCaptured;
    // Pace by the allocation's rate; when the loop falls behind, the next frame is due one interval on from
    // now rather than in a burst of catch-up frames.
    m_nextVideoAt = std::max(m_nextVideoAt + frameInterval(allocation.frameRate), now);
    auto picture = toI420Size(frame, allocation.width, allocation.height);
    if (!picture) {
        return picture.error();
    }
    if (const Status ready = ensureVideoEncoder(allocation); !ready) {
        return ready;
    }
    picture->captureTime = frame.captureTime;
    const std::uint32_t timestamp = videoTimestamp(frame.captureTime);
    const bool keyframe = m_keyframePending;
    auto encoded = m_video->encode(*picture, keyframe);
    if (!encoded) {
        return encoded.error();
    }
    if (!encoded->has_value()) {
        ++m_stats.videoFramesDropped;
        return {};
    }
    EncodedFrame& out = **encoded;
    out.timestamp = timestamp;
    ++m_stats.videoFramesEncoded;
    if (out.keyframe) {
        ++m_stats.keyframes;
        m_keyframePending = false;
        m_lastKeyframeAt = now;
    }
    if (m_observer) {
        m_observer(*picture, timestamp);
    }
    for (const QByteArray& piece : packetizeVideoFrame(out)) {
        QByteArray payload
            = payloadWithHeader(PayloadKind::Video, now, static_cast<std::size_t>(piece.size()));
        std::copy(
            piece.cbegin(), piece.cend(), payload.begin() + static_cast<qsizetype>(kPayloadHeaderBytes));
        m_stats.videoBytes += static_cast<std::uint64_t>(payload.size());
        deliver(videoStream(m_participant), std::move(payload));
    }
    return {};
}

void MediaSender::onFeedback(const FeedbackMessage& message, MediaTime now)
{
    if (const auto* report = std::get_if<ReceiverReport>(&message)) {
        m_bandwidth.onReport(*report, now);
        applyAllocation(now);
        return;
    }
    ++m_stats.keyframeRequests;
    // A request that comes while a fresh keyframe is still on its way is answered by that keyframe.
    if (now - m_lastKeyframeAt >= kKeyframeAnswerInterval) {
        m_keyframePending = true;
    }
}

Status MediaSender::ensureVideoEncoder(const MediaAllocation& allocation)
{
    VideoEncoderSettings wanted;
    wanted.width = allocation.width;
    wanted.height = allocation.height;
    wanted.frameRate = allocation.frameRate;
    wanted.bitrate = allocation.videoBitrate;
    wanted.threads = m_settings.videoThreads;
    if (!m_video) {
        auto encoder = VideoEncoder::create(wanted);
        if (!encoder) {
            return encoder.error();
        }
        m_video.emplace(std::move(encoder).value());
        m_keyframePending = true;
        return {};
    }
    const VideoEncoderSettings& now = m_video->settings();
    if (now.width == wanted.width && now.height == wanted.height && now.bitrate == wanted.bitrate
        && now.frameRate == wanted.frameRate) {
        return {};
    }
    if (now.width != wanted.width || now.height != wanted.height) {
        m_keyframePending = true;
    }
    return m_video->reconfigure(wanted);
}

void MediaSender::applyAllocation(MediaTime now)
{
    const MediaAllocation allocation = m_allocator.allocate(m_bandwidth.targetBitrate(), now);
    (void)m_audio.setBitrate(allocation.audioBitrate);
    // FEC stays sized for at least the configured loss: a clean minute says little about the next second.
    const int measured = static_cast<int>(std::lround(m_bandwidth.lossFraction() * 100.0));
    (void)m_audio.setExpectedLoss(std::max(measured, m_settings.audio.expectedLossPercent));
}

void MediaSender::deliver(std::uint16_t stream, QByteArray payload)
{
    if (m_output) {
        m_output(stream, payload);
    }
}

} // namespace ward::media
