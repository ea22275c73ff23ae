// The receiver's side of congestion control: loss must be counted right when packets come late, twice or not
// at all, and the delay trend must tell a filling queue from mere jitter, whatever the two clocks read and
// across the 32-bit wrap of send times.
#include "media/congestion/ReceiveStatistics.h"
#include "media/congestion/BandwidthEstimator.h"
#include "media/congestion/DelayTrend.h"
#include "media/network/SimulatedNetwork.h"
#include "media/pipeline/MediaPayload.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

using namespace ward::media;

namespace {

// Sends `count` packets of `bytes` every `spacing`, from the sender clock `senderStart`, through `network`,
// into `stats`, whose clock reads `receiverOffset` more than the sender's; returns every report's trend.
std::vector<std::int32_t> trendsThrough(SimulatedNetwork& network, MediaTime spacing, int bytes, int count,
    MediaTime senderStart, MediaTime receiverOffset)
{
    ReceiveStatistics stats;
    std::vector<std::int32_t> trends;
    MediaTime nextSend = 0;
    int sent = 0;
    std::uint64_t sequence = 0;
    for (MediaTime now = 0; sent < count || network.nextArrival() >= 0; now += 500) {
        while (sent < count && nextSend <= now) {
            QByteArray packet(bytes, '\0');
            PayloadHeader header { PayloadKind::Video, PayloadHeader::wireTime(senderStart + nextSend) };
            header.write(reinterpret_cast<std::uint8_t*>(packet.data()));
            writeBigEndian(
                reinterpret_cast<std::uint8_t*>(packet.data()) + kPayloadHeaderBytes, sequence++, 8);
            network.send(packet, now);
            nextSend += spacing;
            ++sent;
        }
        for (const auto& arrival : network.deliver(now)) {
            const auto* data = reinterpret_cast<const std::uint8_t*>(arrival.packet.constData());
            const auto header = PayloadHeader::read(data, std::size_t(arrival.packet.size()));
            REQUIRE(header);
            stats.onPacket(videoStream(), readBigEndian(data + kPayloadHeaderBytes, 8), header->sendTime,
                std::size_t(arrival.packet.size()), arrival.at + receiverOffset);
        }
        for (const ReceiverReport& report : stats.reportsDue(now + receiverOffset)) {
            trends.push_back(report.delayTrend);
        }
    }
    return trends;
}

} // namespace

TEST_CASE("Loss counts what never came: late packets before the report, duplicates and reordering do not",
    "[media][congestion]")
{
    ReceiveStatistics stats;
    const MediaTime start = fromMilliseconds(5000);
    std::vector<std::uint64_t> order;
    for (std::uint64_t s = 0; s < 100; ++s) {
        if (s != 10 && s != 20 && s != 30) {
            order.push_back(s);
        }
    }
    std::swap(order[38], order[39]); // 41 overtakes 40
    order.push_back(50); // a duplicate
    order.push_back(51); // and another, out of order
    order.push_back(20); // a late packet, still before the report
    for (std::size_t i = 0; i < order.size(); ++i) {
        stats.onPacket(
            audioStream(), 1000 + order[i], std::uint32_t(order[i] * 1000), 100, start + MediaTime(i) * 900);
    }
    CHECK(stats.reportsDue(start + fromMilliseconds(99)).empty());
    auto reports = stats.reportsDue(start + kReportInterval);
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].stream == audioStream());
    CHECK(reports[0].highestSequence == 1099);
    CHECK(reports[0].expected == 100);
    CHECK(reports[0].lost == 2); // 10 and 30
    CHECK(reports[0].lossFraction() == Approx(0.02));

    // Next interval: 150 and 160 are lost, and 30 turns up after all. It was counted lost once, so it makes
    // up for one of this interval's losses (RFC 3550's cumulative counting).
    for (std::uint64_t s = 100; s < 200; ++s) {
        if (s != 150 && s != 160) {
            stats.onPacket(
                audioStream(), 1000 + s, std::uint32_t(s * 1000), 100, start + MediaTime(s) * 1000);
        }
    }
    stats.onPacket(audioStream(), 1030, 30000, 100, start + fromMilliseconds(199));
    reports = stats.reportsDue(start + 2 * kReportInterval);
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].expected == 100);
    CHECK(reports[0].lost == 1);

    // A whole interval's packets missing shows up when the stream resumes: the gap is expected, and lost.
    stats.onPacket(audioStream(), 1300, 300000, 100, start + fromMilliseconds(300));
    CHECK(stats.reportsDue(start + 3 * kReportInterval).size() == 1);
    reports = stats.reportsDue(start + 4 * kReportInterval);
    CHECK(reports.empty());
    stats.onPacket(audioStream(), 1400, 400000, 100, start + fromMilliseconds(450));
    reports = stats.reportsDue(start + fromMilliseconds(500));
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].expected == 100);
    CHECK(reports[0].lost == 99);
}

TEST_CASE("One report per stream heard from, with the newest send time, its hold and the bitrate of all",
    "[media][congestion]")
{
    ReceiveStatistics stats;
    CHECK(stats.reportsDue(fromMilliseconds(1000)).empty());
    const MediaTime start = fromMilliseconds(1000);
    // Audio: 5 packets of 200 bytes; video: 10 of 1000 bytes, the newest sent at 0xffffff00 + 60 ms, that is
    // after the wrap, and received at start + 64 ms.
    for (int i = 0; i < 5; ++i) {
        stats.onPacket(audioStream(), std::uint64_t(i), 0xffffff00u + std::uint32_t(i * 10000), 200,
            start + i * fromMilliseconds(20));
    }
    for (int i = 0; i < 10; ++i) {
        stats.onPacket(videoStream(), std::uint64_t(i), 0xffffff00u + std::uint32_t(i * 6000 + 6000), 1000,
            start + 10000 + MediaTime { i } * 6000);
    }
    const auto reports = stats.reportsDue(start + kReportInterval);
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].stream == audioStream());
    CHECK(reports[1].stream == videoStream());
    for (const ReceiverReport& report : reports) {
        CHECK(report.echoSendTime == 0xffffff00u + 60000u);
        CHECK(report.echoHold == std::uint32_t(kReportInterval - 64000));
        CHECK(report.receivedBitrate == (5 * 200 + 10 * 1000) * 8 * 10);
        CHECK(report.lost == 0);
    }
    CHECK(reports[0].expected == 5);
    CHECK(reports[1].expected == 10);

    // Only the video stream is heard in the next interval.
    stats.onPacket(videoStream(), 10, 0xffffff00u + 70000u, 1000, start + fromMilliseconds(150));
    const auto next = stats.reportsDue(start + 2 * kReportInterval);
    REQUIRE(next.size() == 1);
    CHECK(next[0].stream == videoStream());
    CHECK(next[0].receivedBitrate == 1000 * 8 * 10);
}

TEST_CASE("Jitter around a constant delay gives a trend near zero", "[media][congestion]")
{
    // Audio-like packets every 20 ms and video-like ones every 5 ms, each delayed by 40 ms plus up to 30 ms,
    // sender clock crossing the 32-bit wrap, receiver clock 10 minutes ahead.
    const MediaTime senderStart = (MediaTime { 1 } << 32) - 5 * kMicrosecondsPerSecond;
    for (const MediaTime spacing : { fromMilliseconds(20), fromMilliseconds(5) }) {
        NetworkConditions conditions;
        conditions.baseDelay = fromMilliseconds(40);
        conditions.jitter = fromMilliseconds(30);
        conditions.seed = 7;
        SimulatedNetwork network(conditions);
        const int count = int(20 * kMicrosecondsPerSecond / spacing);
        const auto trends
            = trendsThrough(network, spacing, 200, count, senderStart, 600 * kMicrosecondsPerSecond);
        REQUIRE(trends.size() > 150);
        double sum = 0;
        std::int32_t largest = 0;
        for (std::size_t i = 10; i < trends.size(); ++i) {
            sum += trends[i];
            largest = std::max(largest, std::abs(trends[i]));
        }
        const double mean = sum / double(trends.size() - 10);
        WARN("jitter 0-30 ms, one packet every " << toMilliseconds(spacing) << " ms: mean trend " << mean
                                                 << " us/s, largest " << largest << " us/s");
        CHECK(std::abs(mean) < 2000);
        CHECK(largest < BandwidthEstimator::kOveruseTrend);
    }
}

TEST_CASE("A queue filling at a bandwidth cap gives a clearly positive trend", "[media][congestion]")
{
    // 1200-byte packets at 600 kbit/s into a 500 kbit/s cap: the queue grows by 0.2 s every second.
    NetworkConditions conditions;
    conditions.baseDelay = fromMilliseconds(30);
    conditions.jitter = fromMilliseconds(5);
    conditions.bandwidthKbps = 500;
    conditions.maxQueueDelay = 10 * kMicrosecondsPerSecond;
    SimulatedNetwork network(conditions);
    const MediaTime spacing = 16000; // 1200 bytes every 16 ms: 600 kbit/s
    const auto trends = trendsThrough(network, spacing, 1200, 500, 0, 0);
    REQUIRE(trends.size() > 40);
    const auto settled = std::vector<std::int32_t>(trends.begin() + 10, trends.end() - 5);
    const auto [low, high] = std::minmax_element(settled.begin(), settled.end());
    WARN("queue growing 200000 us/s: trend " << *low << " to " << *high << " us/s");
    CHECK(*low > 150000);
    CHECK(*high < 250000);
}

TEST_CASE(
    "A stream silent for longer than half the send-time wrap starts its trend afresh", "[media][congestion]")
{
    DelayTrend trend;
    MediaTime arrival = 0;
    std::uint32_t sendTime = 0;
    // A queue growing by 2 ms every 20 ms group: 100000 us/s.
    for (int i = 0; i < 100; ++i) {
        trend.onPacket(sendTime, arrival);
        sendTime += 20000;
        arrival += 22000;
    }
    CHECK(trend.slope() > 50000);
    // 40 minutes later the send times have moved on by more than 2^31 us; the delay is constant again.
    sendTime += std::uint32_t(40LL * 60 * kMicrosecondsPerSecond);
    arrival += 40LL * 60 * kMicrosecondsPerSecond;
    for (int i = 0; i < 100; ++i) {
        trend.onPacket(sendTime, arrival);
        sendTime += 20000;
        arrival += 20000;
    }
    CHECK(std::abs(trend.slope()) < 1000);
}
