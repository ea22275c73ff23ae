// One side of a call's media over the packet protection of its handshake: what this side captures goes out
// through the MediaSender, sealed on the media key of our direction; what arrives is opened with the peer's
// key and dispatched by payload kind to the MediaReceiver (audio, video) or back to the sender (feedback).
// Packets that do not open are dropped and counted by the opener; nothing a peer sends can stop the session.
// The transport (ICE in a call, the simulated network in the harness) only ever sees sealed bytes.
// Not thread-safe: one media thread (or the harness loop) drives it.
#pragma once

#include "common/Result.h"
#include "crypto/packet/PacketSession.h"
#include "media/pipeline/MediaReceiver.h"
#include "media/pipeline/MediaSender.h"

#include <QByteArray>

#include <functional>
#include <memory>

namespace ward::media {

struct MediaSessionSettings {
    SenderSettings send;
    ReceiverSettings receive;
    std::uint16_t participant = 0; // this side's index; the peer uses its own index on its streams
    std::uint16_t peerParticipant = 0;
};

class MediaSession {
public:
    using Transport = std::function<void(const QByteArray& packet)>;

    // `packets` must outlive the session.
    static Result<std::unique_ptr<MediaSession>> create(
        const MediaSessionSettings& settings, crypto::packet::PacketSession& packets, Transport transport);

    Status captureAudio(const AudioFrame& frame, MediaTime now) { return m_sender->sendAudio(frame, now); }
    bool videoFrameDue(MediaTime now) const { return m_sender->videoFrameDue(now); }
    Status captureVideo(const VideoFrame& frame, MediaTime now) { return m_sender->sendVideo(frame, now); }

    void receivePacket(const QByteArray& packet, MediaTime now);
    // Sends the feedback due at `now`; call it every few milliseconds.
    void tick(MediaTime now);

    MediaSender& sender() { return *m_sender; }
    MediaReceiver& receiver() { return *m_receiver; }
    const MediaSender& sender() const { return *m_sender; }
    const MediaReceiver& receiver() const { return *m_receiver; }
    std::uint64_t sealFailures() const { return m_sealFailures; }

private:
    MediaSession(
        const MediaSessionSettings& settings, crypto::packet::PacketSession& packets, Transport transport);

    void seal(std::uint16_t stream, const QByteArray& payload);

    MediaSessionSettings m_settings;
    crypto::packet::PacketSession& m_packets;
    Transport m_transport;
    std::optional<MediaSender> m_sender;
    std::optional<MediaReceiver> m_receiver;
    QByteArray m_buffer; // reused for sealing and opening
    std::uint64_t m_sealFailures = 0;
};

} // namespace ward::media
