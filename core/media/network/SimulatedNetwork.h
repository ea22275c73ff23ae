// A one-way network path for the harness, on the simulated clock: random loss, a burst of total loss, a
// bandwidth cap with a bounded queue (tail drop) that can change at given times, delay jitter, and
// reordering. Everything random comes from one seeded generator, so the same seed gives the same run.
// Jitter adds a random extra delay in [0, jitter] to each packet; without reordering, packets still leave in
// the order they were sent (a packet never overtakes an earlier one); with reordering, the given share of
// packets may overtake.
#pragma once

#include "media/MediaTime.h"

#include <QByteArray>

#include <cstdint>
#include <deque>
#include <random>
#include <vector>

namespace ward::media {

struct BandwidthStep {
    MediaTime at = 0;
    int kbps = 0; // 0: no cap
};

struct NetworkConditions {
    double lossPercent = 0;
    MediaTime burstLossStart = -1; // -1: no burst
    MediaTime burstLossDuration = 0;
    MediaTime baseDelay = fromMilliseconds(10);
    MediaTime jitter = 0;
    double reorderPercent = 0;
    int bandwidthKbps = 0; // 0: no cap
    std::vector<BandwidthStep> bandwidthSchedule; // later steps replace the cap from their time on
    MediaTime maxQueueDelay = fromMilliseconds(300); // the cap's queue holds at most this much
    std::uint64_t seed = 1;
};

struct NetworkStats {
    std::uint64_t sent = 0;
    std::uint64_t delivered = 0;
    std::uint64_t droppedRandom = 0;
    std::uint64_t droppedBurst = 0;
    std::uint64_t droppedQueue = 0;
    std::uint64_t reordered = 0;
};

class SimulatedNetwork {
public:
    explicit SimulatedNetwork(const NetworkConditions& conditions);

    void send(QByteArray packet, MediaTime now);
    // The packets that have arrived by `now`, in arrival order, each with its arrival time.
    struct Arrival {
        QByteArray packet;
        MediaTime at = 0;
    };
    std::vector<Arrival> deliver(MediaTime now);
    // When the next packet arrives, or -1 when nothing is in flight.
    MediaTime nextArrival() const;
    const NetworkStats& stats() const { return m_stats; }

    // A reordered packet's delay varies over the jitter, or over this much when the jitter is smaller.
    static constexpr MediaTime kReorderSpread = fromMilliseconds(20);

private:
    double unitRandom(); // uniform in [0, 1)
    MediaTime randomDelay(MediaTime bound); // uniform in [0, bound]
    int capKbpsAt(MediaTime now) const;
    // When the packet has left the capped link, or -1 when the cap's queue is too long to take it.
    MediaTime serialise(std::size_t bytes, MediaTime now);

    NetworkConditions m_conditions;
    std::mt19937_64 m_random;
    NetworkStats m_stats;
    std::deque<Arrival> m_inFlight; // by arrival time, ties in send order
    MediaTime m_linkFreeAt = 0; // when the capped link has sent everything queued
    MediaTime m_lastInOrderArrival = 0; // packets that may not overtake arrive no earlier than this
};

} // namespace ward::media
