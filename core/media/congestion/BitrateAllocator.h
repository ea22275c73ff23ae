// Splits the sender's target bitrate between audio and video. Audio is served first (16-64 kbit/s, more when
// there is room); video gets the rest and a resolution and frame rate that keep its quality watchable at that
// rate, stepping down the ladder (720p30 ... 320x180 at 15 fps) before the picture turns to mush, and pausing
// video altogether below the lowest rung. It moves up a rung only after the rate has held for a while
// (hysteresis), so a fluctuating estimate does not flip the resolution back and forth.
#pragma once

#include "media/MediaTime.h"

#include <optional>
#include <vector>

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

    // One step of the video ladder: a size and frame rate, and the least video bitrate that keeps it
    // watchable.
    struct Rung {
        int width = 0;
        int height = 0;
        double frameRate = 0;
        int minimumBitrate = 0;
    };
    // The ladder fitted to the maximum size and frame rate (the source's aspect ratio kept), best rung first.
    const std::vector<Rung>& ladder() const { return m_ladder; }

    static constexpr int kMinimumAudioBitrate = 16000;
    static constexpr int kMaximumAudioBitrate = 64000;
    static constexpr double kStepUpMargin = 1.2;
    static constexpr MediaTime kStepUpHold = 2 * kMicrosecondsPerSecond;

private:
    static std::vector<Rung> fitLadder(int maxWidth, int maxHeight, double maxFrameRate);
    std::size_t highestRungFor(int videoBitrate) const;
    void stepRung(int videoBitrate, MediaTime now);

    std::vector<Rung> m_ladder;
    std::size_t m_rung = 0; // index into m_ladder; m_ladder.size() while video is paused
    bool m_started = false;
    std::optional<MediaTime> m_rungHeldSince; // since when the rate has been enough for the rung above
    MediaAllocation m_current;
};

} // namespace ward::media
