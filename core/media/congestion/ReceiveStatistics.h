// The receiving side of congestion control: watches every media packet's arrival (stream, sequence,
// sendTime, size) and produces a ReceiverReport per media stream about every kReportInterval: loss since the
// last report, the one-way delay trend (a least-squares slope of arrival minus send time over recent packet
// groups), the newest sendTime with how long it was held (for the sender's round-trip time), and the
// received bitrate.
#pragma once

#include "media/MediaTime.h"
#include "media/congestion/FeedbackMessage.h"

#include <cstdint>
#include <vector>

namespace ward::media {

inline constexpr MediaTime kReportInterval = fromMilliseconds(100);

class ReceiveStatistics {
public:
    void onPacket(std::uint16_t stream, std::uint64_t sequence, std::uint32_t sendTime, std::size_t bytes,
        MediaTime arrival);
    // The reports due at `now` (one per stream heard from), or none before the interval has passed.
    std::vector<ReceiverReport> reportsDue(MediaTime now);

private:
    struct StreamState;
    std::vector<StreamState*> m_unused; // implementation detail, replaced by the implementer
};

} // namespace ward::media
