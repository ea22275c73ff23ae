// The sending half of one participant's media: encodes captured audio and video, cuts video into pieces,
// stamps each payload with its kind and send time, and hands the payloads to the session to seal. It also
// acts on what the far receiver reports: receiver reports move the target bitrate (BandwidthEstimator) and
// its split between audio and video with the video size and rate (BitrateAllocator); keyframe requests are
// answered with a keyframe, at most one per kKeyframeAnswerInterval.
// Not thread-safe: the call's media thread (or the harness loop) drives it.
#pragma once

#include "common/Result.h"
#include "media/AudioFrame.h"
#include "media/VideoFrame.h"
#include "media/audio/AudioEncoder.h"
#include "media/congestion/BandwidthEstimator.h"
#include "media/congestion/BitrateAllocator.h"
#include "media/congestion/FeedbackMessage.h"
#include "media/video/VideoEncoder.h"

#include <QByteArray>

#include <cstdint>
#include <functional>
#include <optional>

namespace ward::media {

inline constexpr MediaTime kKeyframeAnswerInterval = fromMilliseconds(100);

struct SenderSettings {
    AudioEncoderSettings audio;
    bool video = true;
    int maxWidth = 1280; // the largest picture video may use
    int maxHeight = 720;
    double maxFrameRate = 30;
    BandwidthSettings bandwidth;
    int videoThreads = 2;
};

struct SenderStats {
    std::uint64_t audioFrames = 0; // frames handed to the encoder
    std::uint64_t audioPackets = 0; // frames sent (DTX frames are not)
    std::uint64_t videoFramesCaptured = 0;
    std::uint64_t videoFramesEncoded = 0;
    std::uint64_t videoFramesDropped = 0; // dropped by the encoder's rate control
    std::uint64_t keyframes = 0;
    std::uint64_t keyframeRequests = 0;
    std::uint64_t audioBytes = 0; // payload bytes, before protection
    std::uint64_t videoBytes = 0;
};

class MediaSender {
public:
    // A payload ready to seal on `stream`.
    using PayloadOutput = std::function<void(std::uint16_t stream, const QByteArray& payload)>;
    // The picture as it went into the encoder, for quality measurement (harness only).
    using EncoderInputObserver = std::function<void(const VideoFrame& picture, std::uint32_t timestamp)>;

    static Result<MediaSender> create(
        const SenderSettings& settings, std::uint16_t participant, PayloadOutput output);

    // One encoder frame (encoderFrameSamples()) of processed microphone audio.
    Status sendAudio(const AudioFrame& frame, MediaTime now);
    int encoderFrameSamples() const { return m_audio.frameSamples(); }
    // By how many samples decoded audio trails what was encoded (the codec's look-ahead).
    int audioLookaheadSamples() const { return m_audio.lookaheadSamples(); }
    // Whether a video frame should be captured now (the allocation's frame rate; never while paused).
    bool videoFrameDue(MediaTime now) const;
    // A captured picture in any PixelFormat and size: converted and scaled to the current allocation.
    Status sendVideo(const VideoFrame& frame, MediaTime now);

    void onFeedback(const FeedbackMessage& message, MediaTime now);

    void setEncoderInputObserver(EncoderInputObserver observer) { m_observer = std::move(observer); }
    const SenderStats& stats() const { return m_stats; }
    const MediaAllocation& allocation() const { return m_allocator.current(); }
    const BandwidthEstimator& bandwidth() const { return m_bandwidth; }

private:
    MediaSender(
        const SenderSettings& settings, std::uint16_t participant, PayloadOutput output, AudioEncoder audio);

    Status ensureVideoEncoder(const MediaAllocation& allocation);
    void applyAllocation(MediaTime now);
    void deliver(std::uint16_t stream, QByteArray payload);

    SenderSettings m_settings;
    std::uint16_t m_participant;
    PayloadOutput m_output;
    AudioEncoder m_audio;
    std::optional<VideoEncoder> m_video;
    BandwidthEstimator m_bandwidth;
    BitrateAllocator m_allocator;
    EncoderInputObserver m_observer;
    SenderStats m_stats;
    MediaTime m_nextVideoAt = 0;
    MediaTime m_lastKeyframeAt = -kKeyframeAnswerInterval;
    bool m_keyframePending = true;
};

} // namespace ward::media
