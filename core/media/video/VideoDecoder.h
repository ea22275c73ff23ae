// VP8 decoding (libvpx) into I420 frames. A frame that does not decode (damaged, or its reference lost) is
// an error; the receiver then asks for a keyframe and decodes nothing until one arrives.
#pragma once

#include "common/Result.h"
#include "media/VideoFrame.h"
#include "media/video/EncodedFrame.h"

#include <memory>

namespace ward::media {

class VideoDecoder {
public:
    static Result<VideoDecoder> create(int threads = 1);
    VideoDecoder(VideoDecoder&&) noexcept;
    VideoDecoder& operator=(VideoDecoder&&) noexcept;
    ~VideoDecoder();

    Result<VideoFrame> decode(const EncodedFrame& frame);

private:
    struct State;
    explicit VideoDecoder(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace ward::media
