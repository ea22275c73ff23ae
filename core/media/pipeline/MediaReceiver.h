// The receiving half of one remote participant's media: takes opened payloads, feeds audio into the jitter
// buffer and video pieces into frame reassembly and the decoder, watches every packet for the congestion
// controller's receiver reports, and says when a keyframe must be asked for. The playout pulls audio at its
// own pace; the newest decoded picture waits for the screen.
// Not thread-safe: the call's media thread (or the harness loop) drives it.
#pragma once

#include "common/Result.h"
#include "media/VideoFrame.h"
#include "media/audio/AudioJitterBuffer.h"
#include "media/congestion/FeedbackMessage.h"
#include "media/congestion/ReceiveStatistics.h"
#include "media/video/FrameAssembler.h"
#include "media/video/VideoDecoder.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace ward::media {

// How often a keyframe is asked for again while none has come.
inline constexpr MediaTime kKeyframeRequestInterval = fromMilliseconds(100);

struct ReceiverSettings {
    JitterBufferSettings jitter;
    int videoThreads = 1;
};

struct ReceiverStats {
    std::uint64_t audioPackets = 0;
    std::uint64_t videoPieces = 0;
    std::uint64_t malformed = 0; // payloads that opened but made no sense
    std::uint64_t videoFramesDecoded = 0;
    std::uint64_t videoDecodeErrors = 0;
    std::uint64_t keyframeRequests = 0;
};

struct DecodedPicture {
    VideoFrame picture; // I420
    std::uint32_t timestamp = 0; // the sender's 90 kHz capture time
    MediaTime decodedAt = 0;
};

class MediaReceiver {
public:
    static Result<MediaReceiver> create(const ReceiverSettings& settings, std::uint16_t participant);

    // An opened payload from the peer's `stream` with its packet sequence number.
    void receive(std::uint16_t stream, std::uint64_t sequence, const std::uint8_t* payload, std::size_t size,
        MediaTime now);
    // Receiver reports and keyframe requests due at `now`, for the feedback stream.
    std::vector<FeedbackMessage> feedbackDue(MediaTime now);

    PlayoutFrame playAudio(MediaTime now) { return m_jitter.pull(now); }
    // The newest picture decoded since the last call, if any.
    std::optional<DecodedPicture> takePicture();

    const ReceiverStats& stats() const { return m_stats; }
    const JitterStats& audioStats() const { return m_jitter.stats(); }
    const FrameAssemblerStats& videoStats() const { return m_assembler.stats(); }

private:
    MediaReceiver(std::uint16_t participant, AudioJitterBuffer jitter, VideoDecoder decoder);

    void receiveAudio(std::uint64_t sequence, const std::uint8_t* body, std::size_t size, MediaTime now);
    void receiveVideo(std::uint64_t sequence, const std::uint8_t* body, std::size_t size, MediaTime now);

    std::uint16_t m_participant;
    AudioJitterBuffer m_jitter;
    VideoDecoder m_decoder;
    FrameAssembler m_assembler;
    ReceiveStatistics m_statistics;
    ReceiverStats m_stats;
    std::optional<DecodedPicture> m_newest;
    MediaTime m_lastKeyframeRequest = -kKeyframeRequestInterval;
};

} // namespace ward::media
