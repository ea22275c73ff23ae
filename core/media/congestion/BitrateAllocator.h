// Splits the sender's target bitrate between audio and video. Audio is served first (16-64 kbit/s, more when
// there is room); video gets the rest and a resolution and frame rate that keep its quality watchable at that
// rate, stepping down the ladder (720p30 ... 320x180 at 15 fps) before the picture turns to mush, and pausing
// video altogether below the lowest rung. It moves up a rung only after the rate has held for a while
// (hysteresis), so a fluctuating estimate does not flip the resolution back and forth.
#pragma once

#include "media/MediaTime.h"

namespace ward::media {

struct MediaAllocation {
    int audioBitrate = 32000;
    int videoBitrate = 0;
    int width = 0; // 0 when video is paused
    int height = 0;
    double frameRate = 0;

    bool videoPaused() const { return width == 0; }
};

class BitrateAllocator {
public:
    // The largest size video may use (the source's, or what the user chose).
    BitrateAllocator(int maxWidth, int maxHeight, double maxFrameRate);

    MediaAllocation allocate(int targetBitrate, MediaTime now);
    const MediaAllocation& current() const { return m_current; }

private:
    int m_maxWidth;
    int m_maxHeight;
    double m_maxFrameRate;
    MediaAllocation m_current;
    MediaTime m_rungHeldSince = 0;
};

} // namespace ward::media
