#include "media/congestion/BandwidthEstimator.h"

#include "media/congestion/ReceiveStatistics.h"
#include "media/pipeline/MediaPayload.h"

#include <algorithm>
#include <cmath>

namespace ward::media {

namespace {

constexpr double kOveruseBackoff = 0.85; // of what got through, as in Google Congestion Control
constexpr double kMultiplicativeGrowthPerSecond = 1.08;
constexpr double kPacketBits = 1200 * 8;
constexpr double kMinimumAdditivePerSecond = 4000;
// Near the last congestion point the target grows additively; this far above it the point is forgotten.
constexpr double kNearCongestion = 0.75;
constexpr double kPastCongestion = 1.1;
constexpr double kReceivedHeadroom = 1.5;
constexpr double kReceivedHeadroomExtra = 100000;
constexpr MediaTime kMinRttBucket = 20 * kMicrosecondsPerSecond;

bool isVideoStream(std::uint16_t stream)
{
    return stream % kStreamsPerParticipant == videoStream(0);
}

double seconds(MediaTime t)
{
    return static_cast<double>(t) / static_cast<double>(kMicrosecondsPerSecond);
}

} // namespace

BandwidthEstimator::BandwidthEstimator(const BandwidthSettings& settings)
    : m_settings(settings)
    , m_target(std::clamp(settings.startBitrate, settings.minimumBitrate, settings.maximumBitrate))
{
    m_control.target = m_target;
}

void BandwidthEstimator::onReport(const ReceiverReport& report, MediaTime now)
{
    if (!joinsBatch(report)) {
        m_hasBatch = true;
        m_batch = Batch { report.echoSendTime, report.echoHold, report.receivedBitrate };
        m_beforeBatch = m_control;
    }
    addToBatch(report);
    updateRoundTrip(report, now);
    m_loss = m_batch.worstLoss;
    m_control = decide(m_beforeBatch, now);
    m_target = static_cast<int>(std::lround(m_control.target));
}

bool BandwidthEstimator::joinsBatch(const ReceiverReport& report) const
{
    const std::uint64_t bit = std::uint64_t { 1 } << (report.stream % 64);
    return m_hasBatch && report.echoSendTime == m_batch.echoSendTime && report.echoHold == m_batch.echoHold
        && report.receivedBitrate == m_batch.receivedBitrate && (m_batch.streams & bit) == 0;
}

void BandwidthEstimator::addToBatch(const ReceiverReport& report)
{
    m_batch.streams |= std::uint64_t { 1 } << (report.stream % 64);
    m_batch.worstLoss = std::max(m_batch.worstLoss, std::min(1.0, report.lossFraction()));
    if (isVideoStream(report.stream)) {
        m_batch.videoTrend
            = m_batch.hasVideoTrend ? std::max(m_batch.videoTrend, report.delayTrend) : report.delayTrend;
        m_batch.hasVideoTrend = true;
    } else {
        m_batch.otherTrend
            = m_batch.hasOtherTrend ? std::max(m_batch.otherTrend, report.delayTrend) : report.delayTrend;
        m_batch.hasOtherTrend = true;
    }
}

void BandwidthEstimator::updateRoundTrip(const ReceiverReport& report, MediaTime now)
{
    // Every report of a batch echoes the same packet: one sample per echo.
    if (m_hasEcho && report.echoSendTime == m_lastEcho) {
        return;
    }
    const MediaTime sample
        = MediaTime { wireTimeDifference(PayloadHeader::wireTime(now), report.echoSendTime) }
        - MediaTime { report.echoHold };
    if (sample < 0) {
        return;
    }
    m_rtt = m_hasEcho ? m_rtt + (sample - m_rtt) / 8 : sample;
    m_hasEcho = true;
    m_lastEcho = report.echoSendTime;
    if (now - m_minRttBucketStart >= kMinRttBucket) {
        m_minRttPrevious = m_minRttCurrent;
        m_minRttCurrent = -1;
        m_minRttBucketStart = now;
    }
    if (m_minRttCurrent < 0 || sample < m_minRttCurrent) {
        m_minRttCurrent = sample;
    }
}

BandwidthEstimator::Control BandwidthEstimator::decide(const Control& before, MediaTime now) const
{
    Control after = before;
    after.lastUpdate = now;
    const MediaTime elapsed = before.lastUpdate < 0
        ? kReportInterval
        : std::clamp(now - before.lastUpdate, MediaTime { 0 }, kMicrosecondsPerSecond);
    const double received = receivedEstimate(before, after);
    const double loss = m_batch.worstLoss;
    const std::int32_t trend = m_batch.hasVideoTrend ? m_batch.videoTrend : m_batch.otherTrend;

    const bool rising = trend > kOveruseTrend;
    after.risingReports = rising ? before.risingReports + 1 : 0;
    MediaTime minRtt = m_minRttCurrent;
    if (m_minRttPrevious >= 0 && (minRtt < 0 || m_minRttPrevious < minRtt)) {
        minRtt = m_minRttPrevious;
    }
    // A queue that stays long without growing is overuse too, unless it is already draining.
    const bool standingQueue
        = m_hasEcho && minRtt >= 0 && m_rtt - minRtt > kOveruseQueueDelay && trend > -kOveruseTrend;
    const bool overuse = after.risingReports >= 2 || standingQueue;
    const bool overuseBackoffDue
        = before.lastOveruseDecrease < 0 || now - before.lastOveruseDecrease >= m_rtt + kOveruseHoldOff;

    // Loss backs off at most once a round trip, and not while a backoff on delay is taking effect: the loss
    // reported then is the overflow of the queue that backoff is draining.
    const bool lossBackoffDue = (before.lastLossDecrease < 0
                                    || now - before.lastLossDecrease >= std::max(kReportInterval / 2, m_rtt))
        && overuseBackoffDue;
    if (loss > kHighLoss && lossBackoffDue) {
        after.target *= 1.0 - 0.5 * loss;
        after.lastLossDecrease = now;
    }
    if (overuse) {
        const double backoff = kOveruseBackoff * (received > 0 ? received : before.target);
        if (overuseBackoffDue && backoff < after.target) {
            after.target = backoff;
            after.lastOveruseDecrease = now;
            after.congestionBitrate = received;
        }
    } else if (loss < kLowLoss && !rising) {
        after.target = increased(after, elapsed);
        if (after.congestionBitrate > 0 && after.target > kPastCongestion * after.congestionBitrate) {
            after.congestionBitrate = 0; // the path has more room than when it last filled up
        }
        if (received > 0) {
            const double ceiling = kReceivedHeadroom * received + kReceivedHeadroomExtra;
            after.target = std::max(before.target, std::min(after.target, ceiling));
        }
    }
    after.target
        = std::clamp(after.target, double(m_settings.minimumBitrate), double(m_settings.maximumBitrate));
    return after;
}

double BandwidthEstimator::receivedEstimate(const Control& before, Control& after) const
{
    // A 100 ms interval holds only a few packets at low rates, so one report's figure jumps by a packet or
    // two. The mean of the last two intervals follows a fall at once; that of the last four steadies the
    // rest.
    std::copy_backward(
        before.recentReceived.begin(), before.recentReceived.end() - 1, after.recentReceived.end());
    after.recentReceived[0] = m_batch.receivedBitrate;
    after.receivedCount = std::min<std::size_t>(before.receivedCount + 1, after.recentReceived.size());
    const auto mean = [&after](std::size_t count) {
        const std::size_t n = std::min(count, after.receivedCount);
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum += after.recentReceived[i];
        }
        return sum / double(n);
    };
    return std::min(mean(2), mean(after.recentReceived.size()));
}

double BandwidthEstimator::increased(const Control& before, MediaTime elapsed) const
{
    const double target = before.target;
    const bool nearCongestion
        = before.congestionBitrate > 0 && target >= kNearCongestion * before.congestionBitrate;
    if (nearCongestion) {
        // About one packet more per response time (a round trip and a report interval).
        const double responseTime = seconds(m_rtt + kReportInterval);
        const double perSecond = std::max(kMinimumAdditivePerSecond, kPacketBits / responseTime);
        return target + perSecond * seconds(elapsed);
    }
    const double grown = target * std::pow(kMultiplicativeGrowthPerSecond, seconds(elapsed));
    return std::max(grown, target + kMinimumAdditivePerSecond * seconds(elapsed));
}

} // namespace ward::media
