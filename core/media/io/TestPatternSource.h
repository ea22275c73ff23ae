// Synthetic video: a moving test pattern (colour bars, a sweeping block, fine detail) with the frame number
// drawn as a machine-readable bar code in the top rows, so a receiver can tell which source frame a decoded
// picture shows even after lossy coding. Produces I420 at the given size and rate.
#pragma once

#include "media/io/VideoSource.h"

#include <cstdint>
#include <optional>

namespace ward::media {

class TestPatternSource final : public VideoSource {
public:
    TestPatternSource(int width, int height, double frameRate);
    std::optional<VideoFrame> frameAt(MediaTime now) override;
    double frameRate() const override { return m_frameRate; }

    // The picture for frame `index` (what frameAt returns for it).
    VideoFrame render(std::uint64_t index) const;
    // The frame number drawn into an I420 picture of this pattern, read back after coding; nothing when it
    // cannot be read.
    static std::optional<std::uint64_t> readFrameNumber(const VideoFrame& frame);

private:
    int m_width;
    int m_height;
    double m_frameRate;
    std::optional<std::uint64_t> m_lastIndex;
};

} // namespace ward::media
