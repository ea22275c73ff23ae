#include "media/network/SimulatedNetwork.h"

#include <algorithm>
#include <cmath>

namespace ward::media {

SimulatedNetwork::SimulatedNetwork(const NetworkConditions& conditions)
    : m_conditions(conditions)
    , m_random(conditions.seed)
{ }

double SimulatedNetwork::unitRandom()
{
    // The top 53 bits as a fraction: the same in every standard library, unlike uniform_real_distribution.
    return static_cast<double>(m_random() >> 11) * 0x1.0p-53;
}

MediaTime SimulatedNetwork::randomDelay(MediaTime bound)
{
    if (bound <= 0) {
        return 0;
    }
    return std::min(bound, static_cast<MediaTime>(unitRandom() * static_cast<double>(bound + 1)));
}

int SimulatedNetwork::capKbpsAt(MediaTime now) const
{
    int kbps = m_conditions.bandwidthKbps;
    MediaTime latest = -1;
    for (const BandwidthStep& step : m_conditions.bandwidthSchedule) {
        if (step.at <= now && step.at >= latest) {
            latest = step.at;
            kbps = step.kbps;
        }
    }
    return kbps;
}

MediaTime SimulatedNetwork::serialise(std::size_t bytes, MediaTime now)
{
    const int kbps = capKbpsAt(now);
    if (kbps <= 0) {
        return now;
    }
    // The cap in force when a packet joins the queue sets its sending time; a change of cap applies to the
    // packets that join after it.
    const MediaTime start = std::max(now, m_linkFreeAt);
    if (start - now > m_conditions.maxQueueDelay) {
        return -1;
    }
    const auto sendingTime = static_cast<MediaTime>(
        std::llround(static_cast<double>(bytes) * 8.0 * 1000.0 / static_cast<double>(kbps)));
    m_linkFreeAt = start + sendingTime;
    return m_linkFreeAt;
}

void SimulatedNetwork::send(QByteArray packet, MediaTime now)
{
    ++m_stats.sent;
    const MediaTime burstStart = m_conditions.burstLossStart;
    if (burstStart >= 0 && now >= burstStart && now < burstStart + m_conditions.burstLossDuration) {
        ++m_stats.droppedBurst;
        return;
    }
    if (unitRandom() * 100.0 < m_conditions.lossPercent) {
        ++m_stats.droppedRandom;
        return;
    }
    const MediaTime left = serialise(static_cast<std::size_t>(packet.size()), now);
    if (left < 0) {
        ++m_stats.droppedQueue;
        return;
    }
    MediaTime at = left + m_conditions.baseDelay;
    if (m_conditions.reorderPercent > 0 && unitRandom() * 100.0 < m_conditions.reorderPercent) {
        // A path of its own: it neither waits for earlier packets nor holds later ones back.
        ++m_stats.reordered;
        at += randomDelay(std::max(m_conditions.jitter, kReorderSpread));
    } else {
        at = std::max(at + randomDelay(m_conditions.jitter), m_lastInOrderArrival);
        m_lastInOrderArrival = at;
    }
    const auto position = std::upper_bound(m_inFlight.begin(), m_inFlight.end(), at,
        [](MediaTime t, const Arrival& arrival) { return t < arrival.at; });
    m_inFlight.insert(position, Arrival { std::move(packet), at });
}

std::vector<SimulatedNetwork::Arrival> SimulatedNetwork::deliver(MediaTime now)
{
    std::vector<Arrival> arrived;
    while (!m_inFlight.empty() && m_inFlight.front().at <= now) {
        arrived.push_back(std::move(m_inFlight.front()));
        m_inFlight.pop_front();
    }
    m_stats.delivered += arrived.size();
    return arrived;
}

MediaTime SimulatedNetwork::nextArrival() const
{
    return m_inFlight.empty() ? -1 : m_inFlight.front().at;
}

} // namespace ward::media
