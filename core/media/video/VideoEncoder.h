// VP8 realtime encoding (libvpx): one pass, no lag, error-resilient, CBR for the congestion controller's
// target, a keyframe on request. Size, frame rate and bitrate can change mid-call without a new stream.
#pragma once

#include "common/Result.h"
#include "media/VideoFrame.h"
#include "media/video/EncodedFrame.h"

#include <memory>
#include <optional>

namespace ward::media {

struct VideoEncoderSettings {
    int width = 640;
    int height = 480;
    double frameRate = 30;
    int bitrate = 800000; // bits per second
    int threads = 2; // at most: fewer where more would not help on this machine (VideoEncoder.cpp)
    int keyframeIntervalFrames = 3000; // a safety net; keyframes normally come on request
};

class VideoEncoder {
public:
    static Result<VideoEncoder> create(const VideoEncoderSettings& settings);
    VideoEncoder(VideoEncoder&&) noexcept;
    VideoEncoder& operator=(VideoEncoder&&) noexcept;
    ~VideoEncoder();

    // `frame` is I420 of the configured size. Nothing when the rate control dropped the frame.
    Result<std::optional<EncodedFrame>> encode(const VideoFrame& frame, bool keyframe);
    // Bitrate and frame rate change in place; a new size starts with a keyframe.
    Status reconfigure(const VideoEncoderSettings& settings);
    const VideoEncoderSettings& settings() const { return m_settings; }

private:
    struct State;
    VideoEncoder(std::unique_ptr<State> state, const VideoEncoderSettings& settings);

    std::unique_ptr<State> m_state;
    VideoEncoderSettings m_settings;
};

} // namespace ward::media
