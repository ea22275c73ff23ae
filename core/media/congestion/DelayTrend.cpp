#include "media/congestion/DelayTrend.h"

#include "media/pipeline/MediaPayload.h"

#include <algorithm>

namespace ward::media {

void DelayTrend::onPacket(std::uint32_t sendTime, MediaTime arrival)
{
    if (m_hasOpenGroup && arrival - m_open.lastArrival > kRestartGap) {
        *this = DelayTrend {};
    }
    if (!m_hasOpenGroup) {
        m_open = Group { sendTime, sendTime, arrival };
        m_hasOpenGroup = true;
        return;
    }
    const std::int32_t sinceGroupStart = wireTimeDifference(sendTime, m_open.firstSendTime);
    if (sinceGroupStart < 0) {
        return;
    }
    if (sinceGroupStart <= kGroupSpan) {
        if (wireTimeDifference(sendTime, m_open.lastSendTime) > 0) {
            m_open.lastSendTime = sendTime;
        }
        // The group has arrived when its last packet has, whichever that was.
        m_open.lastArrival = std::max(m_open.lastArrival, arrival);
        return;
    }
    finishGroup(m_open);
    m_open = Group { sendTime, sendTime, arrival };
}

void DelayTrend::finishGroup(const Group& group)
{
    if (!m_hasFinishedGroup) {
        m_hasFinishedGroup = true;
        m_lastFinished = group;
        m_firstArrival = group.lastArrival;
        return;
    }
    // How much longer this group took on the way than the previous one: a growing queue makes it positive.
    const auto arrivalDelta = static_cast<double>(group.lastArrival - m_lastFinished.lastArrival);
    const auto sendDelta
        = static_cast<double>(wireTimeDifference(group.lastSendTime, m_lastFinished.lastSendTime));
    m_lastFinished = group;
    m_accumulatedDelay += arrivalDelta - sendDelta;
    m_smoothedDelay = kSmoothing * m_smoothedDelay + (1.0 - kSmoothing) * m_accumulatedDelay;
    const double seconds = static_cast<double>(group.lastArrival - m_firstArrival)
        / static_cast<double>(kMicrosecondsPerSecond);
    m_points.push_back(Point { seconds, m_smoothedDelay });
    const double spanSeconds = double(kWindowSpan) / double(kMicrosecondsPerSecond);
    while (m_points.size() > kMaxWindowGroups
        || (m_points.size() > kWindowGroups && seconds - m_points[1].arrivalSeconds >= spanSeconds)) {
        m_points.pop_front();
    }
}

double DelayTrend::slope() const
{
    if (m_points.size() < 3) {
        return 0;
    }
    double meanX = 0;
    double meanY = 0;
    for (const Point& p : m_points) {
        meanX += p.arrivalSeconds;
        meanY += p.delay;
    }
    const auto n = static_cast<double>(m_points.size());
    meanX /= n;
    meanY /= n;
    double covariance = 0;
    double variance = 0;
    for (const Point& p : m_points) {
        covariance += (p.arrivalSeconds - meanX) * (p.delay - meanY);
        variance += (p.arrivalSeconds - meanX) * (p.arrivalSeconds - meanX);
    }
    return variance > 0 ? covariance / variance : 0;
}

} // namespace ward::media
