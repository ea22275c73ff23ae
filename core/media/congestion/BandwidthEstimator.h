// The sending side of congestion control: from receiver reports it keeps a target bitrate for everything the
// sender sends. It goes down fast (loss above 10 %, or a rising delay trend: multiplicative decrease towards
// what was received) and up slowly (loss under 2 % and a flat trend: a few percent per report, faster while
// far below the last known good rate). It also keeps the round-trip time from the echoed send times.
#pragma once

#include "media/MediaTime.h"
#include "media/congestion/FeedbackMessage.h"

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

private:
    BandwidthSettings m_settings;
    int m_target;
    MediaTime m_rtt = 0;
    double m_loss = 0;
};

} // namespace ward::media
