// The sending side of congestion control: from receiver reports it keeps a target bitrate for everything the
// sender sends. It goes down fast (loss above 10 %, or a rising delay trend: multiplicative decrease towards
// what was received) and up slowly (loss under 2 % and a flat trend: about 8 % a second while far below the
// last congestion point, about one packet per round trip near it). It also keeps the round-trip time from the
// echoed send times.
#pragma once

#include "media/MediaTime.h"
#include "media/congestion/FeedbackMessage.h"

#include <array>
#include <cstdint>

namespace ward::media {

struct BandwidthSettings {
    int startBitrate = 1000000;
    int minimumBitrate = 50000;
    int maximumBitrate = 2500000;
};

class BandwidthEstimator {
public:
    explicit BandwidthEstimator(const BandwidthSettings& settings = {});

    // `now` is the sender's media clock; the round-trip time is now - echoSendTime - echoHold in wire time.
    void onReport(const ReceiverReport& report, MediaTime now);
    int targetBitrate() const { return m_target; }
    // The smoothed round-trip time; 0 until a report echoed a send time.
    MediaTime roundTripTime() const { return m_rtt; }
    double lossFraction() const { return m_loss; }

    // Loss above this decreases the target, below kLowLoss lets it grow.
    static constexpr double kHighLoss = 0.10;
    static constexpr double kLowLoss = 0.02;
    // A delay trend above this, in two reports in a row, is overuse; so is a round trip this much above the
    // least seen lately (a standing queue whose growth has stopped).
    static constexpr std::int32_t kOveruseTrend = 30000;
    static constexpr MediaTime kOveruseQueueDelay = fromMilliseconds(60);
    // After a backoff on delay, the next waits this long plus a round trip: the queue needs that long to
    // show in the reports that it drains.
    static constexpr MediaTime kOveruseHoldOff = fromMilliseconds(500);

private:
    // The reports that one reportsDue() produced (they share the echo and the received bitrate) are one
    // batch: the decision is taken once per batch, on the worst loss and the video stream's trend.
    struct Batch {
        std::uint32_t echoSendTime = 0;
        std::uint32_t echoHold = 0;
        std::uint32_t receivedBitrate = 0;
        std::uint64_t streams = 0; // bit (stream % 64) for each stream reported
        double worstLoss = 0;
        bool hasVideoTrend = false;
        std::int32_t videoTrend = 0;
        bool hasOtherTrend = false;
        std::int32_t otherTrend = 0; // the highest trend of the other streams
    };
    // What a decision changes; a batch's decision starts again from the state before the batch each time one
    // more of its reports arrives.
    struct Control {
        double target = 0;
        int risingReports = 0; // batches in a row with the trend above kOveruseTrend
        double congestionBitrate = 0; // what got through at the last overuse; 0 when unknown
        std::array<double, 4> recentReceived {}; // the last batches' received bitrates, newest first
        std::size_t receivedCount = 0;
        MediaTime lastUpdate = -1;
        MediaTime lastLossDecrease = -1;
        MediaTime lastOveruseDecrease = -1;
    };

    bool joinsBatch(const ReceiverReport& report) const;
    void addToBatch(const ReceiverReport& report);
    void updateRoundTrip(const ReceiverReport& report, MediaTime now);
    Control decide(const Control& before, MediaTime now) const;
    double receivedEstimate(const Control& before, Control& after) const;
    double increased(const Control& before, MediaTime elapsed) const;

    BandwidthSettings m_settings;
    int m_target;
    MediaTime m_rtt = 0;
    double m_loss = 0;
    bool m_hasBatch = false;
    Batch m_batch;
    Control m_beforeBatch;
    Control m_control;
    bool m_hasEcho = false;
    std::uint32_t m_lastEcho = 0;
    // The least round trip over the last 20 to 40 s, as two buckets.
    MediaTime m_minRttCurrent = -1;
    MediaTime m_minRttPrevious = -1;
    MediaTime m_minRttBucketStart = 0;
};

} // namespace ward::media
