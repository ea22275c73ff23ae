#include "media/congestion/ReceiveStatistics.h"

#include "media/pipeline/MediaPayload.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ward::media {

namespace {

constexpr std::uint64_t kSeenWindow = 1024;

std::uint32_t clampToUint32(double value)
{
    if (!(value > 0)) {
        return 0;
    }
    return value >= double(std::numeric_limits<std::uint32_t>::max())
        ? std::numeric_limits<std::uint32_t>::max()
        : static_cast<std::uint32_t>(value);
}

std::int32_t clampToInt32(double value)
{
    const double limit = double(std::numeric_limits<std::int32_t>::max());
    return static_cast<std::int32_t>(std::lround(std::clamp(value, -limit, limit)));
}

} // namespace

void ReceiveStatistics::onPacket(std::uint16_t stream, std::uint64_t sequence, std::uint32_t sendTime,
    std::size_t bytes, MediaTime arrival)
{
    m_intervalBytes += bytes;
    if (!m_heardAny) {
        m_heardAny = true;
        m_intervalStart = arrival;
        m_echoSendTime = sendTime;
        m_echoArrival = arrival;
    } else if (wireTimeDifference(sendTime, m_echoSendTime) > 0) {
        m_echoSendTime = sendTime;
        m_echoArrival = arrival;
    }

    auto found = m_streams.find(stream);
    if (found == m_streams.end()) {
        if (m_streams.size() >= kMaxStreams) {
            return;
        }
        StreamState fresh;
        fresh.baseSequence = sequence;
        fresh.highestSequence = sequence;
        found = m_streams.emplace(stream, std::move(fresh)).first;
    }
    StreamState& state = found->second;
    state.heardSinceReport = true;
    countSequence(state, sequence);
    state.trend.onPacket(sendTime, arrival);
}

void ReceiveStatistics::countSequence(StreamState& state, std::uint64_t sequence)
{
    const auto bit = [](std::uint64_t s) { return std::uint64_t { 1 } << (s % 64); };
    const auto word
        = [&state](std::uint64_t s) -> std::uint64_t& { return state.seen[(s / 64) % kSeenWords]; };

    if (sequence > state.highestSequence) {
        if (sequence - state.highestSequence >= kSeenWindow) {
            state.seen.fill(0);
        } else {
            for (std::uint64_t s = state.highestSequence + 1; s <= sequence; ++s) {
                word(s) &= ~bit(s);
            }
        }
        state.highestSequence = sequence;
    } else if (state.highestSequence - sequence >= kSeenWindow) {
        return; // too old to tell from a duplicate
    } else if (sequence < state.baseSequence) {
        if (state.expectedAtReport != 0) {
            return; // from before the first packet, and the first report has counted from there
        }
        state.baseSequence = sequence; // overtaken by the first packet that arrived
    }
    if ((word(sequence) & bit(sequence)) != 0) {
        return; // a duplicate
    }
    word(sequence) |= bit(sequence);
    ++state.received;
}

ReceiverReport ReceiveStatistics::reportFor(std::uint16_t stream, StreamState& state)
{
    const std::uint64_t expectedTotal = state.highestSequence - state.baseSequence + 1;
    const std::uint64_t expected = expectedTotal - state.expectedAtReport;
    const std::uint64_t received = state.received - state.receivedAtReport;
    state.expectedAtReport = expectedTotal;
    state.receivedAtReport = state.received;
    state.heardSinceReport = false;

    ReceiverReport report;
    report.stream = stream;
    report.highestSequence = state.highestSequence;
    report.expected = clampToUint32(double(expected));
    // More received than expected means late packets counted lost in an earlier report.
    report.lost = received >= expected ? 0 : clampToUint32(double(expected - received));
    report.lost = std::min(report.lost, report.expected);
    report.delayTrend = clampToInt32(state.trend.slope());
    return report;
}

std::vector<ReceiverReport> ReceiveStatistics::reportsDue(MediaTime now)
{
    std::vector<ReceiverReport> reports;
    if (!m_heardAny || now - m_intervalStart < kReportInterval) {
        return reports;
    }
    const double seconds = double(now - m_intervalStart) / double(kMicrosecondsPerSecond);
    const std::uint32_t bitrate = clampToUint32(double(m_intervalBytes) * 8.0 / seconds);
    const std::uint32_t hold = clampToUint32(double(now - m_echoArrival));
    for (auto& [stream, state] : m_streams) {
        if (!state.heardSinceReport) {
            continue;
        }
        ReceiverReport report = reportFor(stream, state);
        report.echoSendTime = m_echoSendTime;
        report.echoHold = hold;
        report.receivedBitrate = bitrate;
        reports.push_back(report);
    }
    m_intervalStart = now;
    m_intervalBytes = 0;
    return reports;
}

} // namespace ward::media
