#include "media/pipeline/MediaSession.h"

#include "media/pipeline/MediaPayload.h"

namespace ward::media {

using crypto::packet::kHeaderBytes;
using crypto::packet::kOverheadBytes;
using crypto::packet::OpenStatus;
using crypto::packet::PacketKind;

Result<std::unique_ptr<MediaSession>> MediaSession::create(
    const MediaSessionSettings& settings, crypto::packet::PacketSession& packets, Transport transport)
{
    std::unique_ptr<MediaSession> session(new MediaSession(settings, packets, std::move(transport)));
    MediaSession* self = session.get();
    auto sender = MediaSender::create(settings.send, settings.participant,
        [self](std::uint16_t stream, const QByteArray& payload) { self->seal(stream, payload); });
    if (!sender) {
        return sender.error();
    }
    auto receiver = MediaReceiver::create(settings.receive, settings.peerParticipant);
    if (!receiver) {
        return receiver.error();
    }
    session->m_sender.emplace(std::move(sender).value());
    session->m_receiver.emplace(std::move(receiver).value());
    return session;
}

MediaSession::MediaSession(
    const MediaSessionSettings& settings, crypto::packet::PacketSession& packets, Transport transport)
    : m_settings(settings)
    , m_packets(packets)
    , m_transport(std::move(transport))
    , m_buffer(static_cast<qsizetype>(crypto::packet::kMaxMediaPacketBytes), Qt::Uninitialized)
{ }

void MediaSession::seal(std::uint16_t stream, const QByteArray& payload)
{
    auto* out = reinterpret_cast<std::uint8_t*>(m_buffer.data());
    auto sealed
        = m_packets.sealer(PacketKind::Media)
              .seal(stream, reinterpret_cast<const std::uint8_t*>(payload.constData()),
                  static_cast<std::size_t>(payload.size()), out, static_cast<std::size_t>(m_buffer.size()));
    if (!sealed) {
        ++m_sealFailures;
        return;
    }
    if (m_transport) {
        m_transport(QByteArray(m_buffer.constData(), static_cast<qsizetype>(*sealed)));
    }
}

void MediaSession::receivePacket(const QByteArray& packet, MediaTime now)
{
    if (packet.size() <= static_cast<qsizetype>(kOverheadBytes) || packet.size() > m_buffer.size()) {
        return; // the opener would count it; nothing of ours to learn from it
    }
    auto* out = reinterpret_cast<std::uint8_t*>(m_buffer.data());
    const auto opened
        = m_packets.opener(PacketKind::Media)
              .open(reinterpret_cast<const std::uint8_t*>(packet.constData()),
                  static_cast<std::size_t>(packet.size()), out, static_cast<std::size_t>(m_buffer.size()));
    if (opened.status != OpenStatus::Opened) {
        return;
    }
    const std::uint16_t stream = opened.header.stream;
    if (stream == feedbackStream(m_settings.peerParticipant)) {
        const auto header = PayloadHeader::read(out, opened.size);
        if (header && header->kind == PayloadKind::Feedback) {
            if (auto message = decodeFeedback(out + kPayloadHeaderBytes, opened.size - kPayloadHeaderBytes)) {
                m_sender->onFeedback(*message, now);
            }
        }
        return;
    }
    m_receiver->receive(stream, opened.header.sequence, out, opened.size, now);
}

void MediaSession::tick(MediaTime now)
{
    for (const FeedbackMessage& message : m_receiver->feedbackDue(now)) {
        const QByteArray body = encodeFeedback(message);
        QByteArray payload(static_cast<qsizetype>(kPayloadHeaderBytes), Qt::Uninitialized);
        PayloadHeader { PayloadKind::Feedback, PayloadHeader::wireTime(now) }.write(
            reinterpret_cast<std::uint8_t*>(payload.data()));
        payload.append(body);
        seal(feedbackStream(m_settings.participant), payload);
    }
}

} // namespace ward::media
