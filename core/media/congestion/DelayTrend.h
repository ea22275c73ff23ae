// The one-way delay trend of one media stream, as ReceiveStatistics reports it. Packets sent within 5 ms of
// a group's first packet form one group (a video frame's packets, say); each finished group adds its change
// in arrival-minus-send time to an accumulated delay, which is smoothed, and the trend is the least-squares
// slope of that smoothed delay against arrival time over the last groups. Only differences of send times are
// used, so the sender's and receiver's clocks may be any distance apart and the 32-bit wrap is harmless.
#pragma once

#include "media/MediaTime.h"

#include <cstdint>
#include <deque>

namespace ward::media {

class DelayTrend {
public:
    // Packets sent earlier than the open group's first packet (reordered ones) are left out.
    void onPacket(std::uint32_t sendTime, MediaTime arrival);
    // Microseconds of one-way delay gained per second; 0 until a few groups have been seen.
    double slope() const;

    static constexpr MediaTime kGroupSpan = fromMilliseconds(5);
    // The slope is taken over the last 20 groups, or over more when they span less than kWindowSpan (a fast
    // sender's groups come every few milliseconds, and a slope over 100 ms of jitter says little).
    static constexpr std::size_t kWindowGroups = 20;
    static constexpr MediaTime kWindowSpan = fromMilliseconds(500);
    static constexpr std::size_t kMaxWindowGroups = 200;
    static constexpr double kSmoothing = 0.9;
    // A stream silent this long starts afresh: its old groups say nothing about the queue now, and after 35
    // minutes its send times would compare the wrong way round.
    static constexpr MediaTime kRestartGap = 5 * kMicrosecondsPerSecond;

private:
    struct Group {
        std::uint32_t firstSendTime = 0;
        std::uint32_t lastSendTime = 0;
        MediaTime lastArrival = 0;
    };
    struct Point {
        double arrivalSeconds = 0;
        double delay = 0; // smoothed, microseconds
    };

    void finishGroup(const Group& group);

    bool m_hasOpenGroup = false;
    Group m_open;
    bool m_hasFinishedGroup = false;
    Group m_lastFinished;
    MediaTime m_firstArrival = 0;
    double m_accumulatedDelay = 0;
    double m_smoothedDelay = 0;
    std::deque<Point> m_points;
};

} // namespace ward::media
