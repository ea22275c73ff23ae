// Where decoded pictures go: a Y4M file in the harness, a QVideoSink adapter in the app. The harness calls
// show() for every frame interval, with the picture that is on screen then (a repeat while frozen).
#pragma once

#include "media/VideoFrame.h"

namespace ward::media {

class VideoSink {
public:
    virtual ~VideoSink() = default;
    virtual void show(const VideoFrame& frame, MediaTime now) = 0;
};

} // namespace ward::media
