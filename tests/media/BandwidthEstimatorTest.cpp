// The sender's estimate, driven in a closed loop: a sender at the target rate through a SimulatedNetwork,
// ReceiveStatistics on what arrives, reports back through a second network into the BandwidthEstimator. The
// target must come down fast (heavy loss, a cap that drops from 2 Mbit/s to 300 kbit/s mid-call) and go up
// slowly, and the round trip it measures must be the network's.
#include "media/congestion/BandwidthEstimator.h"
#include "media/congestion/BitrateAllocator.h"
#include "media/congestion/FeedbackMessage.h"
#include "media/congestion/ReceiveStatistics.h"
#include "media/network/SimulatedNetwork.h"
#include "media/pipeline/MediaPayload.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace ward::media;

namespace {

constexpr MediaTime kSecond = kMicrosecondsPerSecond;
constexpr MediaTime kStep = 500;
constexpr int kVideoPacketBytes = 1200;
constexpr int kAudioPacketBytes = 160; // 20 ms of Opus at 64 kbit/s
constexpr int kAudioBitrate = kAudioPacketBytes * 8 * 50;

// A sender that spends the whole target: an audio packet every 20 ms and 1200-byte video packets evenly
// spaced at the rest of the target, each stamped with its send time and a per-stream sequence number.
class ClosedLoop {
public:
    ClosedLoop(
        const NetworkConditions& forward, const NetworkConditions& back, const BandwidthSettings& settings)
        : m_forward(forward)
        , m_back(back)
        , m_estimator(settings)
        , m_baseDelay(forward.baseDelay)
    { }

    // Runs to `until`, calling `watch` after every step.
    void runUntil(MediaTime until, const std::function<void(MediaTime)>& watch = {})
    {
        for (; m_now < until; m_now += kStep) {
            send();
            receive();
            feedBack();
            if (watch) {
                watch(m_now);
            }
        }
    }

    const BandwidthEstimator& estimator() const { return m_estimator; }
    // Time spent in the cap's queue by the packets that arrived since the last call, at most.
    MediaTime takePeakQueueDelay() { return std::exchange(m_peakQueueDelay, 0); }
    MediaTime longestVideoGap() const { return m_longestVideoGap; }

private:
    void sendPacket(std::uint16_t stream, std::uint64_t sequence, int bytes)
    {
        QByteArray packet(bytes, '\0');
        auto* data = reinterpret_cast<std::uint8_t*>(packet.data());
        PayloadHeader { stream == audioStream() ? PayloadKind::Audio : PayloadKind::Video,
            PayloadHeader::wireTime(m_now) }
            .write(data);
        writeBigEndian(data + kPayloadHeaderBytes, sequence, 8);
        m_forward.send(packet, m_now);
    }

    void send()
    {
        while (m_nextAudio <= m_now) {
            sendPacket(audioStream(), m_audioSequence++, kAudioPacketBytes);
            m_nextAudio += fromMilliseconds(20);
        }
        const int videoBitrate = std::max(10000, m_estimator.targetBitrate() - kAudioBitrate);
        while (m_nextVideo <= m_now) {
            sendPacket(videoStream(), m_videoSequence++, kVideoPacketBytes);
            m_nextVideo += MediaTime { kVideoPacketBytes } * 8 * kSecond / videoBitrate;
        }
    }

    void receive()
    {
        for (const auto& arrival : m_forward.deliver(m_now)) {
            const auto* data = reinterpret_cast<const std::uint8_t*>(arrival.packet.constData());
            const auto header = PayloadHeader::read(data, std::size_t(arrival.packet.size()));
            REQUIRE(header);
            const std::uint16_t stream = header->kind == PayloadKind::Audio ? audioStream() : videoStream();
            m_stats.onPacket(stream, readBigEndian(data + kPayloadHeaderBytes, 8), header->sendTime,
                std::size_t(arrival.packet.size()), arrival.at);
            m_peakQueueDelay = std::max(m_peakQueueDelay,
                MediaTime { wireTimeDifference(PayloadHeader::wireTime(arrival.at), header->sendTime) }
                    - m_baseDelay);
            if (stream == videoStream()) {
                if (m_lastVideoArrival >= 0) {
                    m_longestVideoGap = std::max(m_longestVideoGap, arrival.at - m_lastVideoArrival);
                }
                m_lastVideoArrival = arrival.at;
            }
        }
        for (const ReceiverReport& report : m_stats.reportsDue(m_now)) {
            QByteArray payload(qsizetype(kPayloadHeaderBytes), '\0');
            PayloadHeader { PayloadKind::Feedback, PayloadHeader::wireTime(m_now) }.write(
                reinterpret_cast<std::uint8_t*>(payload.data()));
            m_back.send(payload + encodeFeedback(report), m_now);
        }
    }

    void feedBack()
    {
        for (const auto& arrival : m_back.deliver(m_now)) {
            const auto* data = reinterpret_cast<const std::uint8_t*>(arrival.packet.constData());
            const auto message = decodeFeedback(
                data + kPayloadHeaderBytes, std::size_t(arrival.packet.size()) - kPayloadHeaderBytes);
            REQUIRE(message);
            m_estimator.onReport(std::get<ReceiverReport>(*message), arrival.at);
        }
    }

    SimulatedNetwork m_forward;
    SimulatedNetwork m_back;
    ReceiveStatistics m_stats;
    BandwidthEstimator m_estimator;
    MediaTime m_baseDelay;
    MediaTime m_now = 0;
    MediaTime m_nextAudio = 0;
    MediaTime m_nextVideo = 0;
    std::uint64_t m_audioSequence = 0;
    std::uint64_t m_videoSequence = 0;
    MediaTime m_peakQueueDelay = 0;
    MediaTime m_lastVideoArrival = -1;
    MediaTime m_longestVideoGap = 0;
};

NetworkConditions path(MediaTime baseDelay, std::uint64_t seed)
{
    NetworkConditions conditions;
    conditions.baseDelay = baseDelay;
    conditions.seed = seed;
    return conditions;
}

} // namespace

TEST_CASE("Under 30 % loss the target halves within a second", "[media][congestion]")
{
    NetworkConditions forward = path(fromMilliseconds(30), 3);
    forward.lossPercent = 30;
    ClosedLoop loop(forward, path(fromMilliseconds(30), 4), BandwidthSettings { 1000000, 50000, 2500000 });
    MediaTime halved = -1;
    loop.runUntil(5 * kSecond, [&](MediaTime now) {
        if (halved < 0 && loop.estimator().targetBitrate() <= 500000) {
            halved = now;
        }
    });
    WARN("30 % loss: target halved after " << toMilliseconds(halved) << " ms");
    REQUIRE(halved > 0);
    CHECK(halved < kSecond);
    CHECK(loop.estimator().targetBitrate() == 50000); // it keeps going down while the loss lasts
}

TEST_CASE("When the cap drops from 2 Mbit/s to 300 kbit/s the target falls below it within 2 s, then climbs "
          "back slowly when the cap lifts",
    "[media][congestion]")
{
    const MediaTime drop = 20 * kSecond;
    const MediaTime lift = 40 * kSecond;
    NetworkConditions forward = path(fromMilliseconds(25), 11);
    forward.jitter = fromMilliseconds(5);
    forward.bandwidthKbps = 2000;
    forward.bandwidthSchedule = { { drop, 300 }, { lift, 2000 } };
    forward.maxQueueDelay = fromMilliseconds(300);
    ClosedLoop loop(forward, path(fromMilliseconds(25), 12), BandwidthSettings { 1000000, 50000, 2500000 });

    loop.runUntil(drop);
    const int beforeDrop = loop.estimator().targetBitrate();
    const MediaTime queueBeforeDrop = loop.takePeakQueueDelay();
    WARN("at 2 Mbit/s: target " << beforeDrop << " bit/s, peak queue delay "
                                << toMilliseconds(queueBeforeDrop) << " ms");
    CHECK(beforeDrop > 1400000);
    CHECK(beforeDrop < 2600000);

    // The allocator on the same target: its audio and video fit under the new cap within 2 s, without pausing
    // video.
    BitrateAllocator allocator(1280, 720, 30);
    MediaTime adapted = -1;
    MediaTime allocationFits = -1;
    bool videoPaused = false;
    loop.runUntil(drop + 2 * kSecond, [&](MediaTime now) {
        if (adapted < 0 && loop.estimator().targetBitrate() < 300000) {
            adapted = now - drop;
        }
        const MediaAllocation allocation = allocator.allocate(loop.estimator().targetBitrate(), now);
        if (allocationFits < 0 && allocation.audioBitrate + allocation.videoBitrate < 300000) {
            allocationFits = now - drop;
        }
        videoPaused = videoPaused || allocation.videoPaused();
    });
    const MediaTime queueAfterDrop = loop.takePeakQueueDelay();
    WARN("cap to 300 kbit/s: target under it after " << toMilliseconds(adapted) << " ms, peak queue delay "
                                                     << toMilliseconds(queueAfterDrop) << " ms");
    REQUIRE(adapted > 0);
    CHECK(adapted < 2 * kSecond);
    CHECK(allocationFits > 0);
    CHECK(allocator.current().height == 180);
    CHECK_FALSE(videoPaused);
    CHECK(loop.longestVideoGap() < fromMilliseconds(500));

    // Settled under the cap: the target stays around it and the queue has drained.
    loop.runUntil(lift - 10 * kSecond);
    loop.takePeakQueueDelay();
    int lowest = loop.estimator().targetBitrate();
    int highest = lowest;
    loop.runUntil(lift, [&](MediaTime) {
        lowest = std::min(lowest, loop.estimator().targetBitrate());
        highest = std::max(highest, loop.estimator().targetBitrate());
    });
    const MediaTime settledQueue = loop.takePeakQueueDelay();
    WARN("settled under the cap: target " << lowest << " to " << highest << " bit/s, peak queue delay "
                                          << toMilliseconds(settledQueue) << " ms");
    CHECK(lowest > 150000);
    CHECK(highest < 400000);
    CHECK(settledQueue < fromMilliseconds(200));

    // Up slowly: a probe of a few tens of kbit/s a second, not a jump to the new capacity, and, once the
    // queue left from before the lift has drained, no backoff on the way.
    const int atLift = loop.estimator().targetBitrate();
    loop.runUntil(lift + kSecond);
    int previous = loop.estimator().targetBitrate();
    bool fell = false;
    const auto watchClimb = [&](MediaTime) {
        fell = fell || loop.estimator().targetBitrate() < previous;
        previous = loop.estimator().targetBitrate();
    };
    loop.runUntil(lift + 2 * kSecond, watchClimb);
    const int twoSecondsLater = loop.estimator().targetBitrate();
    loop.runUntil(lift + 20 * kSecond, watchClimb);
    const int twentySecondsLater = loop.estimator().targetBitrate();
    WARN("cap lifted: target " << atLift << " -> " << twoSecondsLater << " after 2 s -> "
                               << twentySecondsLater << " after 20 s");
    CHECK(twoSecondsLater > atLift);
    CHECK(twoSecondsLater < atLift + 150000);
    CHECK(twentySecondsLater > 1000000);
    CHECK_FALSE(fell);
    CHECK(loop.longestVideoGap() < fromMilliseconds(500));
}

TEST_CASE("The round-trip time is the two base delays", "[media][congestion]")
{
    for (const MediaTime oneWay : { fromMilliseconds(20), fromMilliseconds(75) }) {
        ClosedLoop loop(path(oneWay, 21), path(oneWay, 22), BandwidthSettings {});
        CHECK(loop.estimator().roundTripTime() == 0);
        loop.runUntil(3 * kSecond);
        WARN("base delay " << toMilliseconds(oneWay) << " ms each way: round trip "
                           << toMilliseconds(loop.estimator().roundTripTime()) << " ms");
        CHECK(loop.estimator().roundTripTime() == Approx(double(2 * oneWay)).margin(double(kStep) * 2));
    }
}
