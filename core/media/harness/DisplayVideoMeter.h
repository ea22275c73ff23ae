// The receiver's video as a viewer sees it: at every display tick the newest decoded picture is shown (the
// previous one again while nothing new came), recorded when there is a recording, compared with the
// picture the sender's encoder was given for the same capture time (PSNR), and the gaps between new
// pictures are added up as frozen time.
#pragma once

#include "media/harness/LoopbackReport.h"
#include "media/io/VideoSink.h"
#include "media/pipeline/MediaReceiver.h"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace ward::media {

// A gap between two new pictures longer than this counts, whole, as frozen.
inline constexpr MediaTime kFreezeThreshold = fromMilliseconds(200);

class DisplayVideoMeter {
public:
    DisplayVideoMeter(int width, int height, VideoSink* recording);

    // What the sender's encoder was given (the reference for PSNR).
    void encoded(const VideoFrame& picture, std::uint32_t timestamp, MediaTime now);
    // A display tick: `picture` is the newest decoded one, if a new one came.
    void tick(std::optional<DecodedPicture> picture, MediaTime now);
    // The first new picture decoded at or after `from` whose capture was at or after `capturedFrom`.
    std::optional<MediaTime> firstFreshPictureAfter(MediaTime from, MediaTime capturedFrom) const;
    void finish(VideoFigures& figures, MediaTime end) const;

private:
    VideoSink* m_recording;
    VideoFrame m_shown;
    std::map<std::uint32_t, VideoFrame> m_references; // by 90 kHz timestamp, the last two seconds
    std::vector<double> m_psnr;
    struct Shown {
        MediaTime decodedAt;
        MediaTime capturedAt;
    };
    std::vector<Shown> m_history;
    std::optional<MediaTime> m_lastNew;
    double m_frozenMs = 0;
    double m_longestFreezeMs = 0;
    std::uint64_t m_shownCount = 0;
};

} // namespace ward::media
