// The receiving side of congestion control: watches every media packet's arrival (stream, sequence,
// sendTime, size) and produces a ReceiverReport per media stream about every kReportInterval: loss since the
// last report, the one-way delay trend (a least-squares slope of arrival minus send time over recent packet
// groups), the newest sendTime with how long it was held (for the sender's round-trip time), and the
// received bitrate.
#pragma once

#include "media/MediaTime.h"
#include "media/congestion/DelayTrend.h"
#include "media/congestion/FeedbackMessage.h"

#include <array>
#include <cstdint>
#include <map>
#include <vector>

namespace ward::media {

inline constexpr MediaTime kReportInterval = fromMilliseconds(100);

class ReceiveStatistics {
public:
    void onPacket(std::uint16_t stream, std::uint64_t sequence, std::uint32_t sendTime, std::size_t bytes,
        MediaTime arrival);
    // The reports due at `now` (one per stream heard from), or none before the interval has passed.
    std::vector<ReceiverReport> reportsDue(MediaTime now);

    // Streams beyond this many are not tracked (the packet protection has fewer stream ids than this).
    static constexpr std::size_t kMaxStreams = 64;

private:
    // Loss is counted as in RFC 3550 A.3: cumulative expected and received counts, differenced at each
    // report, so a late packet that arrives before the report counts as received; a window of recent sequence
    // numbers keeps a duplicate from counting twice.
    static constexpr std::size_t kSeenWords = 16; // 1024 sequence numbers
    struct StreamState {
        std::uint64_t baseSequence = 0;
        std::uint64_t highestSequence = 0;
        std::uint64_t received = 0; // distinct sequence numbers from base on
        std::uint64_t expectedAtReport = 0;
        std::uint64_t receivedAtReport = 0;
        bool heardSinceReport = false;
        std::array<std::uint64_t, kSeenWords> seen {};
        DelayTrend trend;
    };

    static void countSequence(StreamState& state, std::uint64_t sequence);
    static ReceiverReport reportFor(std::uint16_t stream, StreamState& state);

    std::map<std::uint16_t, StreamState> m_streams;
    bool m_heardAny = false;
    MediaTime m_intervalStart = 0;
    std::uint64_t m_intervalBytes = 0;
    std::uint32_t m_echoSendTime = 0;
    MediaTime m_echoArrival = 0;
};

} // namespace ward::media
