// The playout side of the jitter buffer. The queue is filled from the playout position on, one piece at a
// time: the next packet decoded; a lost packet's slot recovered from the FEC of the packet after it or
// concealed; the sender's DTX pauses (a timestamp gap with no sequence gap) as comfort silence; and when
// nothing at all is here yet, concealment whose cause is settled once a later packet shows it (a late or
// lost packet is then counted, a DTX pause is not).
//
// The delay is steered by the next packet's slack: how long before the pull that needs it a packet on the
// fastest path would have arrived. Pulls come once a frame, so slack moves in steps of a frame (of a packet,
// when packets are shorter than frames); queued audio short of a whole step only adds latency. Lengthening
// the audio lets slack grow a step at a time; shortening it gives a step back once slack exceeds the target
// by one, and trims the latency that buys no slack.
#include "media/audio/AudioJitterBuffer.h"

#include <algorithm>

namespace ward::media {

namespace {
// Opus conceals in steps of 2.5 ms, at most 120 ms at a time.
constexpr int kOpusStepSamples = kEngineSampleRate / 400;
constexpr int kMaxConcealSamples = kEngineSampleRate / 1000 * 120;
// A bound on the pieces produced for one pull, against any loop the packets could talk it into.
constexpr int kMaxStepsPerPull = 64;
constexpr MediaTime kHysteresis = fromMilliseconds(2);
// The shortest and longest piece time-stretching drops or repeats: half a millisecond, and a quarter of a
// frame up to 5 ms, so a 20 ms frame changes by at most 5 ms and a 10 ms frame by 2.5 ms.
constexpr int kMinStretchLag = kEngineSampleRate / 2000;
constexpr int kMaxStretchLag = kEngineSampleRate / 200;
// Samples quieter than this (about -60 dBFS) are silence, for telling a CELT sender's pause from speech.
constexpr int kSilentSample = 32;

int roundUpToStep(std::int64_t samples)
{
    const std::int64_t steps = (std::max<std::int64_t>(samples, 1) + kOpusStepSamples - 1) / kOpusStepSamples;
    return static_cast<int>(std::min<std::int64_t>(steps * kOpusStepSamples, kMaxConcealSamples));
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t floorMod(std::int64_t a, std::int64_t b)
{
    return a - floorDiv(a, b) * b;
}

bool anyAudible(const std::vector<std::int16_t>& samples)
{
    return std::any_of(samples.begin(), samples.end(),
        [](std::int16_t s) { return s > kSilentSample || s < -kSilentSample; });
}
} // namespace

bool AudioJitterBuffer::start(MediaTime now)
{
    const MediaTime target = targetDelay(now);
    const MediaTime frame = samplesToTime(m_settings.frameSamples);
    // Packets already too old to be played at the target delay are skipped.
    while (!m_packets.empty()) {
        const auto first = m_packets.begin();
        if (now - expectedArrival(first->second.timestamp)
            <= target + frame + samplesToTime(first->second.duration)) {
            break;
        }
        ++m_stats.late;
        remember(first->first);
        m_packets.erase(first);
    }
    if (m_packets.empty()) {
        return false;
    }
    const auto first = m_packets.begin();
    if (now < expectedArrival(first->second.timestamp) + target) {
        return false;
    }
    m_started = true;
    m_position = first->second.timestamp;
    m_lastEnd = m_position;
    m_nextSequence = first->first;
    m_slotSamples = first->second.duration;
    // When the packets here do not fill the first pull (10 ms packets, 20 ms pulls), it opens with silence
    // rather than wait a pull for the next packet: the packets then end each pull, as late as they can.
    std::int64_t covered = 0;
    std::uint64_t sequence = first->first;
    for (auto it = first; it != m_packets.end() && it->first == sequence && covered < m_settings.frameSamples;
         ++it, ++sequence) {
        if (it->second.timestamp != m_position + covered) {
            break;
        }
        covered += it->second.duration;
    }
    if (covered < m_settings.frameSamples) {
        const std::int64_t lead = m_settings.frameSamples - covered;
        m_queue.append(m_position - lead, static_cast<int>(lead), PlayoutKind::Silence,
            std::vector<std::int16_t>(static_cast<std::size_t>(lead * m_settings.channels), 0));
    }
    return true;
}

void AudioJitterBuffer::restart()
{
    m_started = false;
    m_queue.clear();
    m_timestampBase = m_position;
}

void AudioJitterBuffer::fill(MediaTime now)
{
    const int frameSamples = m_settings.frameSamples;
    for (int i = 0; i < kMaxStepsPerPull && m_queue.available() < frameSamples; ++i) {
        produceNext(now, frameSamples - m_queue.available());
    }
    adjustDelay(now);
    for (int i = 0; i < kMaxStepsPerPull && m_queue.available() < frameSamples; ++i) {
        produceNext(now, frameSamples - m_queue.available());
    }
    if (m_queue.available() < frameSamples) {
        produceUnknown(frameSamples - m_queue.available()); // only after a flood of unusable packets
    }
}

void AudioJitterBuffer::produceNext(MediaTime now, int needed)
{
    while (!m_packets.empty() && m_packets.begin()->first < m_nextSequence) {
        ++m_stats.late; // overtaken by a sequence jump
        m_packets.erase(m_packets.begin());
    }
    if (m_packets.empty()) {
        produceUnknown(needed);
        return;
    }
    const auto next = m_packets.begin();
    const std::uint64_t sequence = next->first;
    const Stored& packet = next->second;
    const int slot = packet.duration;
    // Missing packets are taken to have filled the slots just before the next one; a sequence jump that
    // the timestamps leave no room for is a renumbering, not a loss.
    const std::int64_t room = packet.timestamp > m_lastEnd ? (packet.timestamp - m_lastEnd) / slot : 0;
    const std::uint64_t missing = std::min(sequence - m_nextSequence, static_cast<std::uint64_t>(room));
    if (missing > 0) {
        const std::int64_t slotStart = packet.timestamp - static_cast<std::int64_t>(missing) * slot;
        if (slotStart > m_position) {
            produceSilence(
                static_cast<int>(std::min<std::int64_t>(slotStart - m_position, roundUpToStep(needed))));
            return;
        }
        // Slots that passed while nothing was known about them were lost, and concealed already.
        const auto passed = std::min(missing, static_cast<std::uint64_t>((m_position - slotStart) / slot));
        if (passed > 0) {
            m_stats.lost += passed;
            m_stats.concealed += passed;
            m_nextSequence = sequence - missing + passed;
            m_lastEnd = slotStart + static_cast<std::int64_t>(passed) * slot;
            noteLoss(m_nextSequence - 1, now);
            return;
        }
        m_nextSequence = sequence - missing + 1;
        m_lastEnd = slotStart + slot;
        produceLostSlot(now, packet, slotStart, slot, missing == 1);
        return;
    }
    if (packet.timestamp > m_position) {
        // The sender was silent (DTX) until this packet.
        produceSilence(
            static_cast<int>(std::min<std::int64_t>(packet.timestamp - m_position, roundUpToStep(needed))));
        return;
    }
    produceDecoded(sequence);
}

void AudioJitterBuffer::produceLostSlot(
    MediaTime now, const Stored& next, std::int64_t slotStart, int slotLength, bool last)
{
    ++m_stats.lost;
    noteLoss(m_nextSequence - 1, now);
    const std::int64_t slotEnd = slotStart + slotLength;
    const auto skip = static_cast<std::size_t>(std::max<std::int64_t>(0, m_position - slotStart));
    const auto channels = static_cast<std::size_t>(m_settings.channels);
    // Opus cannot take FEC after CELT-only audio (the decoder would conceal instead).
    if (last && next.info.lbrr && m_lastMode != OpusMode::Celt) {
        auto recovered = m_decoder.decodeFec(next.opus, slotLength);
        if (recovered && recovered->sampleCount() == slotLength) {
            ++m_stats.fecRecovered;
            std::vector<std::int16_t> samples = std::move(recovered->samples);
            samples.erase(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(skip * channels));
            appendFrom(m_position, PlayoutKind::FecRecovered, std::move(samples));
            m_position = slotEnd;
            return;
        }
    }
    ++m_stats.concealed;
    appendFrom(m_position, PlayoutKind::Concealed, concealed(static_cast<int>(slotEnd - m_position)));
    m_position = slotEnd;
}

void AudioJitterBuffer::produceDecoded(std::uint64_t sequence)
{
    auto node = m_packets.extract(sequence);
    const Stored& packet = node.mapped();
    m_nextSequence = sequence + 1;
    remember(sequence);
    const std::int64_t end = packet.timestamp + packet.duration;
    m_lastEnd = std::max(m_lastEnd, end);
    if (end <= m_position) {
        // Its time passed while the playout was busy with packets numbered before it.
        ++m_stats.late;
        ++m_stats.lost;
        ++m_stats.concealed;
        return;
    }
    m_slotSamples = packet.duration;
    const auto samples = static_cast<int>(end - m_position);
    auto decoded = m_decoder.decode(packet.opus);
    if (!decoded || decoded->sampleCount() != packet.duration) {
        ++m_stats.invalid;
        ++m_stats.lost;
        ++m_stats.concealed;
        appendFrom(m_position, PlayoutKind::Concealed, concealed(samples));
        m_position = end;
        return;
    }
    m_lastMode = packet.info.mode;
    m_lastVoiceActive
        = packet.info.mode == OpusMode::Celt ? anyAudible(decoded->samples) : packet.info.voiceActive;
    std::vector<std::int16_t> pcm = std::move(decoded->samples);
    const auto skip
        = static_cast<std::size_t>(packet.duration - samples) * static_cast<std::size_t>(m_settings.channels);
    pcm.erase(pcm.begin(), pcm.begin() + static_cast<std::ptrdiff_t>(skip));
    appendFrom(m_position, PlayoutKind::Decoded, std::move(pcm));
    m_position = end;
}

void AudioJitterBuffer::produceUnknown(int needed)
{
    // Nothing is here: a lost or late packet, or the start of a DTX pause. Which one is settled when the next
    // packet arrives; until then the kind follows the last packet's voice activity.
    const int samples = roundUpToStep(needed);
    appendFrom(
        m_position, m_lastVoiceActive ? PlayoutKind::Concealed : PlayoutKind::Silence, concealed(samples));
    m_position += samples;
}

void AudioJitterBuffer::produceSilence(int samples)
{
    // The decoder's concealment during DTX is Opus's comfort noise, continuing the pause's background.
    appendFrom(m_position, PlayoutKind::Silence, concealed(samples));
    m_position += samples;
}

void AudioJitterBuffer::appendFrom(
    std::int64_t sourceStart, PlayoutKind kind, std::vector<std::int16_t> samples)
{
    const int frames = static_cast<int>(samples.size()) / m_settings.channels;
    m_queue.append(sourceStart, frames, kind, std::move(samples));
}

std::vector<std::int16_t> AudioJitterBuffer::concealed(int samples)
{
    std::vector<std::int16_t> out;
    auto pcm = m_decoder.conceal(roundUpToStep(samples));
    if (pcm) {
        out = std::move(pcm->samples);
    }
    out.resize(
        static_cast<std::size_t>(std::max(samples, 0)) * static_cast<std::size_t>(m_settings.channels), 0);
    return out;
}

bool AudioJitterBuffer::nextIsKnown() const
{
    return !m_packets.empty();
}

AudioJitterBuffer::Slack AudioJitterBuffer::nextSlack(MediaTime now) const
{
    // The next pull that needs new audio comes after the queued whole frames; it needs the packets from the
    // playout position on that start within it, and the last of those is the one that must have arrived.
    const std::int64_t frame = m_settings.frameSamples;
    const std::int64_t packet = std::max(m_slotSamples, kOpusStepSamples);
    const std::int64_t beyond = m_queue.available() - frame;
    const std::int64_t pullsAhead = floorDiv(beyond, frame) + 1;
    const std::int64_t queued = floorMod(beyond, frame);
    const std::int64_t lastStart = m_position + (frame - queued - 1) / packet * packet;
    Slack slack;
    slack.slack = now + samplesToTime(pullsAhead * frame) - expectedArrival(lastStart);
    // Slack moves by a frame when packets are at least as long as frames, else by a packet; queued audio
    // short of the next such step is latency that buys no slack.
    slack.step = std::min(packet, frame);
    slack.wasted = floorMod(queued, slack.step);
    return slack;
}

void AudioJitterBuffer::adjustDelay(MediaTime now)
{
    const int frame = m_settings.frameSamples;
    if (m_estimator.empty() || m_queue.available() < frame) {
        return;
    }
    const MediaTime target = targetDelay(now);
    const Slack slack = nextSlack(now);
    if (m_queue.newestKind() == PlayoutKind::Silence) {
        adjustSilence(slack, target);
        return;
    }
    const int maxLag = std::min(frame / 4, kMaxStretchLag);
    if (slack.slack < target) {
        if (m_queue.stretchNewest(kMinStretchLag, maxLag, StretchDirection::Lengthen) > 0) {
            ++m_stats.stretchedFrames;
        }
        return;
    }
    const auto wasted = static_cast<int>(slack.wasted);
    int limit = 0;
    if (slack.slack - samplesToTime(slack.step) >= target + kHysteresis) {
        // Give a step back; across a step only when what comes next is known to be here.
        limit = nextIsKnown() ? maxLag : std::min(maxLag, wasted);
    } else if (slack.wasted > slack.step / 4) {
        limit = std::min(maxLag, wasted);
    }
    if (limit >= kMinStretchLag
        && m_queue.stretchNewest(kMinStretchLag, limit, StretchDirection::Shorten) < 0) {
        ++m_stats.stretchedFrames;
    }
}

void AudioJitterBuffer::adjustSilence(const Slack& slack, MediaTime target)
{
    // In silence the delay moves at once: a longer or shorter pause is not heard.
    const MediaTime stepTime = samplesToTime(slack.step);
    if (slack.slack < target) {
        const std::int64_t steps = (target - slack.slack + stepTime - 1) / stepTime;
        const std::int64_t add
            = std::min<std::int64_t>(steps * slack.step - slack.wasted, kMaxConcealSamples);
        if (add > 0) {
            m_queue.extendNewest(concealed(static_cast<int>(add)));
        }
        return;
    }
    const std::int64_t spareSteps
        = slack.slack - target >= stepTime + kHysteresis ? (slack.slack - target) / stepTime : 0;
    const std::int64_t drop = slack.wasted + spareSteps * slack.step;
    if (drop > 0) {
        m_queue.truncateNewest(static_cast<int>(std::min<std::int64_t>(drop, kMaxConcealSamples)));
    }
}

} // namespace ward::media
