// The harness's network has to be what its conditions say, or every congestion and jitter test built on it
// measures the simulator instead of the media engine: the loss rate, the burst, the cap and its queue, the
// jitter bound and order, the share of reordering, and the same run for the same seed.
#include "media/network/SimulatedNetwork.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

using namespace ward::media;

namespace {

QByteArray numbered(int index, int bytes = 100)
{
    QByteArray packet(bytes, '\0');
    packet[0] = char(index >> 24);
    packet[1] = char(index >> 16);
    packet[2] = char(index >> 8);
    packet[3] = char(index);
    return packet;
}

int numberOf(const QByteArray& packet)
{
    const auto* p = reinterpret_cast<const std::uint8_t*>(packet.constData());
    return int((std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3]);
}

struct Received {
    int index = 0;
    MediaTime sent = 0;
    MediaTime at = 0;
};

// Sends `count` numbered packets of `bytes`, one every `spacing`, and collects them in arrival order.
std::vector<Received> run(SimulatedNetwork& network, int count, MediaTime spacing, int bytes = 100)
{
    std::vector<Received> received;
    const auto collect = [&](MediaTime now) {
        MediaTime previous = received.empty() ? 0 : received.back().at;
        for (auto& arrival : network.deliver(now)) {
            REQUIRE(arrival.at <= now);
            REQUIRE(arrival.at >= previous);
            previous = arrival.at;
            const int index = numberOf(arrival.packet);
            received.push_back(Received { index, MediaTime(index) * spacing, arrival.at });
        }
    };
    for (int i = 0; i < count; ++i) {
        const MediaTime now = MediaTime(i) * spacing;
        collect(now);
        network.send(numbered(i, bytes), now);
    }
    while (network.nextArrival() >= 0) {
        collect(network.nextArrival());
    }
    return received;
}

} // namespace

TEST_CASE("Random loss is within 1.5 points of 10 % over 20000 packets, and a seed repeats its run",
    "[media][congestion]")
{
    NetworkConditions conditions;
    conditions.lossPercent = 10;
    conditions.jitter = fromMilliseconds(10);
    conditions.seed = 42;
    SimulatedNetwork network(conditions);
    const auto received = run(network, 20000, 1000);
    const double loss = 1.0 - double(received.size()) / 20000.0;
    CHECK(loss == Approx(0.10).margin(0.015));
    CHECK(network.stats().sent == 20000);
    CHECK(network.stats().droppedRandom + network.stats().delivered == 20000);

    SimulatedNetwork again(conditions);
    const auto repeated = run(again, 20000, 1000);
    REQUIRE(repeated.size() == received.size());
    bool same = true;
    for (std::size_t i = 0; i < received.size(); ++i) {
        same = same && received[i].index == repeated[i].index && received[i].at == repeated[i].at;
    }
    CHECK(same);

    conditions.seed = 43;
    SimulatedNetwork other(conditions);
    const auto different = run(other, 20000, 1000);
    bool differs = different.size() != received.size();
    for (std::size_t i = 0; !differs && i < received.size(); ++i) {
        differs = received[i].index != different[i].index || received[i].at != different[i].at;
    }
    CHECK(differs);
}

TEST_CASE("A burst of loss drops everything sent in its window and nothing outside it", "[media][congestion]")
{
    NetworkConditions conditions;
    conditions.burstLossStart = fromMilliseconds(500);
    conditions.burstLossDuration = fromMilliseconds(250);
    SimulatedNetwork network(conditions);
    const auto received = run(network, 1000, 1000);
    CHECK(received.size() == 750);
    CHECK(network.stats().droppedBurst == 250);
    for (const Received& r : received) {
        const bool inBurst = r.sent >= fromMilliseconds(500) && r.sent < fromMilliseconds(750);
        CHECK_FALSE(inBurst);
        CHECK(r.at == r.sent + conditions.baseDelay);
    }
}

TEST_CASE("A bandwidth cap spaces packets at its rate and drops what would wait past the queue limit",
    "[media][congestion]")
{
    NetworkConditions conditions;
    conditions.bandwidthKbps = 800; // a 1000-byte packet takes 10 ms
    conditions.maxQueueDelay = fromMilliseconds(300);
    conditions.baseDelay = fromMilliseconds(20);
    SimulatedNetwork network(conditions);
    for (int i = 0; i < 100; ++i) {
        network.send(numbered(i, 1000), 0);
    }
    // The first leaves at once; the 31st waits exactly 300 ms; the 32nd would wait longer.
    CHECK(network.stats().droppedQueue == 69);
    const auto arrivals = network.deliver(fromMilliseconds(1000));
    REQUIRE(arrivals.size() == 31);
    for (std::size_t i = 0; i < arrivals.size(); ++i) {
        CHECK(numberOf(arrivals[i].packet) == int(i));
        CHECK(arrivals[i].at == conditions.baseDelay + MediaTime(i + 1) * fromMilliseconds(10));
    }
    CHECK(network.nextArrival() == -1);
}

TEST_CASE("The bandwidth schedule changes the cap from its step's time on", "[media][congestion]")
{
    NetworkConditions conditions;
    conditions.bandwidthKbps = 800;
    conditions.bandwidthSchedule = { { fromMilliseconds(1000), 400 }, { fromMilliseconds(2000), 0 } };
    conditions.baseDelay = 0;
    SimulatedNetwork network(conditions);
    // One 1000-byte packet every 50 ms: 10 ms on the wire at 800 kbit/s, 20 ms at 400, none uncapped.
    const auto received = run(network, 60, fromMilliseconds(50), 1000);
    REQUIRE(received.size() == 60);
    for (const Received& r : received) {
        const MediaTime expected = r.sent < fromMilliseconds(1000) ? fromMilliseconds(10)
            : r.sent < fromMilliseconds(2000)                      ? fromMilliseconds(20)
                                                                   : 0;
        CHECK(r.at - r.sent == expected);
    }
}

TEST_CASE("Jitter stays within its bound and keeps the order packets were sent in", "[media][congestion]")
{
    NetworkConditions conditions;
    conditions.baseDelay = fromMilliseconds(30);
    conditions.jitter = fromMilliseconds(40);
    conditions.seed = 5;
    SimulatedNetwork network(conditions);
    const auto received = run(network, 5000, fromMilliseconds(2));
    REQUIRE(received.size() == 5000);
    MediaTime smallest = conditions.jitter;
    MediaTime largest = 0;
    for (std::size_t i = 0; i < received.size(); ++i) {
        CHECK(received[i].index == int(i));
        const MediaTime extra = received[i].at - received[i].sent - conditions.baseDelay;
        smallest = std::min(smallest, extra);
        largest = std::max(largest, extra);
    }
    CHECK(smallest >= 0);
    CHECK(largest <= conditions.jitter);
    CHECK(largest > conditions.jitter * 9 / 10); // the bound is reached, not merely respected
    CHECK(network.stats().reordered == 0);
}

TEST_CASE("About the set share of packets is overtaken when reordering is on", "[media][congestion]")
{
    NetworkConditions conditions;
    conditions.baseDelay = fromMilliseconds(30);
    conditions.reorderPercent = 5;
    conditions.seed = 9;
    SimulatedNetwork network(conditions);
    const int count = 20000;
    const auto received = run(network, count, fromMilliseconds(1));
    REQUIRE(received.size() == std::size_t(count));
    // A packet is late when one sent after it arrived before it.
    int late = 0;
    int newest = -1;
    for (const Received& r : received) {
        if (r.index < newest) {
            ++late;
        }
        newest = std::max(newest, r.index);
    }
    const double share = double(late) / double(count);
    WARN("reordering set to 5 %: " << share * 100 << " % of packets arrived after a later one");
    CHECK(share == Approx(0.05).margin(0.01));
    CHECK(double(network.stats().reordered) / double(count) == Approx(0.05).margin(0.005));
}
