#include "media/pipeline/MediaReceiver.h"

#include "media/pipeline/MediaPayload.h"

namespace ward::media {

Result<MediaReceiver> MediaReceiver::create(const ReceiverSettings& settings, std::uint16_t participant)
{
    auto jitter = AudioJitterBuffer::create(settings.jitter);
    if (!jitter) {
        return jitter.error();
    }
    auto decoder = VideoDecoder::create(settings.videoThreads);
    if (!decoder) {
        return decoder.error();
    }
    return MediaReceiver(participant, std::move(jitter).value(), std::move(decoder).value());
}

MediaReceiver::MediaReceiver(std::uint16_t participant, AudioJitterBuffer jitter, VideoDecoder decoder)
    : m_participant(participant)
    , m_jitter(std::move(jitter))
    , m_decoder(std::move(decoder))
{ }

void MediaReceiver::receive(std::uint16_t stream, std::uint64_t sequence, const std::uint8_t* payload,
    std::size_t size, MediaTime now)
{
    const auto header = PayloadHeader::read(payload, size);
    const bool audio = header && header->kind == PayloadKind::Audio && stream == audioStream(m_participant);
    const bool video = header && header->kind == PayloadKind::Video && stream == videoStream(m_participant);
    if (!audio && !video) {
        ++m_stats.malformed;
        return;
    }
    m_statistics.onPacket(stream, sequence, header->sendTime, size, now);
    const std::uint8_t* body = payload + kPayloadHeaderBytes;
    const std::size_t bodySize = size - kPayloadHeaderBytes;
    if (audio) {
        receiveAudio(sequence, body, bodySize, now);
    } else {
        receiveVideo(sequence, body, bodySize, now);
    }
}

void MediaReceiver::receiveAudio(
    std::uint64_t sequence, const std::uint8_t* body, std::size_t size, MediaTime now)
{
    if (size <= 4 || size - 4 > kMaxOpusPacketBytes) {
        ++m_stats.malformed;
        return;
    }
    AudioPacket packet;
    packet.sequence = sequence;
    packet.timestamp = static_cast<std::uint32_t>(readBigEndian(body, 4));
    packet.arrival = now;
    packet.opus = QByteArray(reinterpret_cast<const char*>(body + 4), static_cast<qsizetype>(size - 4));
    ++m_stats.audioPackets;
    m_jitter.insert(std::move(packet));
}

void MediaReceiver::receiveVideo(
    std::uint64_t sequence, const std::uint8_t* body, std::size_t size, MediaTime now)
{
    ++m_stats.videoPieces;
    m_assembler.insert(sequence, body, size, now);
    while (auto frame = m_assembler.takeFrame()) {
        auto picture = m_decoder.decode(*frame);
        if (!picture) {
            ++m_stats.videoDecodeErrors;
            m_assembler.decodeFailed();
            continue;
        }
        ++m_stats.videoFramesDecoded;
        m_newest = DecodedPicture { std::move(picture).value(), frame->timestamp, now };
    }
}

std::vector<FeedbackMessage> MediaReceiver::feedbackDue(MediaTime now)
{
    std::vector<FeedbackMessage> messages;
    for (ReceiverReport& report : m_statistics.reportsDue(now)) {
        messages.emplace_back(report);
    }
    if (m_stats.videoPieces > 0 && m_assembler.needsKeyframe()
        && now - m_lastKeyframeRequest >= kKeyframeRequestInterval) {
        m_lastKeyframeRequest = now;
        ++m_stats.keyframeRequests;
        messages.emplace_back(KeyframeRequest { videoStream(m_participant) });
    }
    return messages;
}

std::optional<DecodedPicture> MediaReceiver::takePicture()
{
    std::optional<DecodedPicture> picture = std::move(m_newest);
    m_newest.reset();
    return picture;
}

} // namespace ward::media
