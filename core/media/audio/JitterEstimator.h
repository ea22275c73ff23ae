// The arrival-jitter estimate of one stream. Each packet gives its arrival time minus its sender time; over
// the last packets the smallest such offset is the fastest path (the reference a packet is "expected" at),
// and a high percentile of the offsets above it is the jitter the playout delay has to cover.
#pragma once

#include "media/MediaTime.h"

#include <cstddef>
#include <deque>

namespace ward::media {

class JitterEstimator {
public:
    // Talk comes in bursts of 50 packets a second, so 150 packets are about the last three seconds of it.
    static constexpr std::size_t kWindowPackets = 150;
    static constexpr double kPercentile = 0.95;

    void add(MediaTime arrivalOffset);
    void reset();

    bool empty() const { return m_offsets.empty(); }
    // The smallest offset in the window; 0 while empty.
    MediaTime reference() const { return m_reference; }
    // kPercentile of (offset - reference) over the window.
    MediaTime jitter() const { return m_jitter; }

private:
    std::deque<MediaTime> m_offsets;
    MediaTime m_reference = 0;
    MediaTime m_jitter = 0;
};

} // namespace ward::media
