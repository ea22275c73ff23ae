// The arrival side of the jitter buffer: what each packet is (new, duplicate, late, off the timeline), the
// jitter estimate, the target delay, and resynchronisation. The playout side is in
// AudioJitterBufferPlayout.cpp.
#include "media/audio/AudioJitterBuffer.h"

#include <algorithm>
#include <cstdlib>

namespace ward::media {

namespace {
constexpr int kOpusStepSamples = kEngineSampleRate / 400;
constexpr int kMaxFrameSamples = kEngineSampleRate / 1000 * 120;
// About four seconds of 20 ms packets, ten times the largest delay the buffer is meant to hold; more than
// that is a flood, not a call.
constexpr std::size_t kMaxStoredPackets = 200;
constexpr std::size_t kRecentSequences = 512;
// A packet this far behind the playout is not a straggler but a sender that started counting again.
constexpr std::uint64_t kMaxSequenceBack = 1000;
// A packet this close after the last one played vouches for a jump in its timestamps by itself.
constexpr std::uint64_t kResyncContinuity = 3;
// Otherwise this many packets in a row must agree before the buffer follows them to a new timeline.
constexpr std::size_t kOffTimelineRun = 3;
constexpr MediaTime kMinResyncOffset = fromMilliseconds(2000);
constexpr MediaTime kMaxDelayLimit = fromMilliseconds(10000);
// FEC look-ahead stays in the target for this long after the last loss.
constexpr MediaTime kLossMemory = fromMilliseconds(5000);
// Playout this far behind its target (pulls stopped for a while, say) starts afresh instead of catching up
// by time-stretching for seconds.
constexpr MediaTime kCatchUpExcess = fromMilliseconds(500);
} // namespace

Result<AudioJitterBuffer> AudioJitterBuffer::create(const JitterBufferSettings& settings)
{
    if (settings.channels != 1 && settings.channels != 2) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The jitter buffer plays 1 or 2 channels, not %1.").arg(settings.channels));
    }
    if (settings.frameSamples < kOpusStepSamples || settings.frameSamples > kMaxFrameSamples
        || settings.frameSamples % kOpusStepSamples != 0) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The jitter buffer plays frames of 2.5 ms steps up to 120 ms (multiples of %1 "
                           "samples), not %2 samples.")
                .arg(kOpusStepSamples)
                .arg(settings.frameSamples));
    }
    if (settings.minimumDelay < 0 || settings.maximumDelay < settings.minimumDelay
        || settings.maximumDelay > kMaxDelayLimit) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The jitter buffer's delay limits must satisfy 0 <= minimum <= maximum <= 10 s."));
    }
    auto decoder = AudioDecoder::create(settings.channels);
    if (!decoder) {
        return decoder.error();
    }
    return AudioJitterBuffer(std::move(decoder).value(), settings);
}

AudioJitterBuffer::AudioJitterBuffer(AudioDecoder decoder, const JitterBufferSettings& settings)
    : m_decoder(std::move(decoder))
    , m_settings(settings)
    , m_queue(settings.channels)
{ }

MediaTime AudioJitterBuffer::samplesToTime(std::int64_t samples) const
{
    return samples * kMicrosecondsPerSecond / kEngineSampleRate;
}

std::int64_t AudioJitterBuffer::unwrap(std::uint32_t timestamp) const
{
    const std::int64_t base = m_started ? m_position : m_timestampBase;
    return base + static_cast<std::int32_t>(timestamp - static_cast<std::uint32_t>(base));
}

MediaTime AudioJitterBuffer::expectedArrival(std::int64_t timestamp) const
{
    return m_estimator.reference() + samplesToTime(timestamp);
}

bool AudioJitterBuffer::offTimeline(const AudioPacket& packet, std::int64_t timestamp) const
{
    if (!m_started) {
        return false;
    }
    if (packet.sequence < m_nextSequence && m_nextSequence - packet.sequence > kMaxSequenceBack) {
        return true;
    }
    if (m_estimator.empty()) {
        return false;
    }
    const MediaTime offset = packet.arrival - samplesToTime(timestamp);
    return std::abs(offset - m_estimator.reference())
        > std::max(kMinResyncOffset, 2 * m_settings.maximumDelay);
}

void AudioJitterBuffer::insert(AudioPacket packet)
{
    const OpusPacketInfo info = inspectOpusPacket(packet.opus);
    if (!info.valid()) {
        ++m_stats.invalid;
        return;
    }
    if (!m_haveTimestampBase) {
        m_timestampBase = packet.timestamp;
        m_haveTimestampBase = true;
    }
    if (m_recentSequences.count(packet.sequence) != 0 || m_packets.count(packet.sequence) != 0) {
        ++m_stats.duplicates;
        return;
    }
    const std::int64_t timestamp = unwrap(packet.timestamp);
    if (offTimeline(packet, timestamp)) {
        holdOffTimeline(std::move(packet));
        return;
    }
    // Packets held as off the timeline were a blip after all.
    m_stats.invalid += m_offTimeline.size();
    m_offTimeline.clear();

    m_estimator.add(packet.arrival - samplesToTime(timestamp));
    Stored stored { timestamp, info.samples(), packet.arrival, std::move(packet.opus), info };
    if (m_started && (packet.sequence < m_nextSequence || timestamp + stored.duration <= m_position)) {
        acceptLate(packet.sequence, stored);
        return;
    }
    store(packet.sequence, std::move(stored));
}

void AudioJitterBuffer::holdOffTimeline(AudioPacket packet)
{
    const bool vouched = m_packets.empty() && packet.sequence >= m_nextSequence
        && packet.sequence - m_nextSequence < kResyncContinuity;
    m_offTimeline.push_back(std::move(packet));
    if (vouched || m_offTimeline.size() >= kOffTimelineRun) {
        resynchronise();
    }
}

void AudioJitterBuffer::resynchronise()
{
    std::vector<AudioPacket> held = std::move(m_offTimeline);
    m_offTimeline.clear();
    m_packets.clear();
    m_queue.clear();
    m_estimator.reset();
    m_recentSequences.clear();
    m_recentLosses.clear();
    m_started = false;
    m_haveTimestampBase = false;
    for (AudioPacket& packet : held) {
        insert(std::move(packet));
    }
}

void AudioJitterBuffer::acceptLate(std::uint64_t sequence, const Stored& packet)
{
    ++m_stats.late;
    remember(sequence);
    // It came after all: its slot was lost to jitter, not to the network, so it asks for no FEC look-ahead.
    std::erase_if(m_recentLosses, [sequence](const auto& loss) { return loss.first == sequence; });
    if (sequence < m_nextSequence || (!m_packets.empty() && m_packets.begin()->first < sequence)) {
        // Its slot was counted as lost already, or will be when the playout reaches it: a packet numbered
        // after ones still waiting cannot have passed, whatever its timestamp says.
        return;
    }
    // Its slot, and those of the packets missing before it, passed while nothing was known about them.
    const std::uint64_t gap = sequence - m_nextSequence;
    const std::int64_t room
        = packet.timestamp > m_lastEnd ? (packet.timestamp - m_lastEnd) / std::max(packet.duration, 1) : 0;
    const std::uint64_t missing = std::min(gap, static_cast<std::uint64_t>(room));
    if (missing > 0) {
        noteLoss(sequence - 1, packet.arrival);
    }
    m_stats.lost += missing + 1;
    m_stats.concealed += missing + 1;
    m_nextSequence = sequence + 1;
    m_lastEnd = std::max(m_lastEnd, packet.timestamp + packet.duration);
}

void AudioJitterBuffer::store(std::uint64_t sequence, Stored packet)
{
    if (m_packets.size() >= kMaxStoredPackets) {
        // The packet farthest ahead is the one least needed.
        const auto last = std::prev(m_packets.end());
        ++m_stats.invalid;
        if (last->first < sequence) {
            return;
        }
        m_packets.erase(last);
    }
    m_packets.emplace(sequence, std::move(packet));
    ++m_stats.received;
}

void AudioJitterBuffer::remember(std::uint64_t sequence)
{
    m_recentSequences.insert(sequence);
    if (m_recentSequences.size() > kRecentSequences) {
        m_recentSequences.erase(m_recentSequences.begin());
    }
}

void AudioJitterBuffer::noteLoss(std::uint64_t sequence, MediaTime now)
{
    m_recentLosses.emplace_back(sequence, now);
    if (m_recentLosses.size() > kRecentSequences) {
        m_recentLosses.pop_front();
    }
}

MediaTime AudioJitterBuffer::targetDelay(MediaTime now)
{
    while (!m_recentLosses.empty() && now - m_recentLosses.front().second > kLossMemory) {
        m_recentLosses.pop_front();
    }
    const MediaTime jitter = m_estimator.jitter();
    // A quarter of the jitter again as a margin for the estimate's own error; one packet more while packets
    // are being lost, so that the packet after a lost one is here in time to recover it from its FEC.
    const MediaTime lookAhead = m_recentLosses.empty() ? 0 : samplesToTime(m_slotSamples);
    const MediaTime target
        = std::clamp(jitter + jitter / 4 + lookAhead, m_settings.minimumDelay, m_settings.maximumDelay);
    m_stats.jitter = jitter;
    m_stats.targetDelay = target;
    return target;
}

PlayoutFrame AudioJitterBuffer::pull(MediaTime now)
{
    const int frameSamples = m_settings.frameSamples;
    if (m_started
        && nextSlack(now).slack > targetDelay(now) + std::max(kCatchUpExcess, m_settings.maximumDelay)) {
        restart();
    }
    PlayoutFrame frame;
    if (!m_started && !start(now)) {
        frame.audio = AudioFrame::silence(frameSamples, m_settings.channels);
        frame.kind = PlayoutKind::Waiting;
        m_stats.currentDelay = 0;
        return frame;
    }
    fill(now);
    frame.audio.channels = m_settings.channels;
    const PlayoutQueue::Taken taken = m_queue.take(frameSamples, frame.audio.samples);
    frame.audio.timestamp = static_cast<std::uint32_t>(taken.sourceTimestamp);
    frame.kind = taken.kind;
    m_stats.currentDelay = now - expectedArrival(taken.sourceTimestamp);
    return frame;
}

} // namespace ward::media
