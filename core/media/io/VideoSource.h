// Where a pipeline's outgoing video comes from: a camera adapter, a screen, the moving test pattern or a Y4M
// file. The pipeline asks at its own frame pace; a source returns its newest picture, or nothing when it has
// none yet (a camera still starting) or none new since the last call.
#pragma once

#include "media/VideoFrame.h"

#include <optional>

namespace ward::media {

class VideoSource {
public:
    virtual ~VideoSource() = default;
    virtual std::optional<VideoFrame> frameAt(MediaTime now) = 0;
    // The rate the source delivers at its best; the pipeline may take fewer.
    virtual double frameRate() const = 0;
    virtual bool finished() const { return false; }
};

} // namespace ward::media
