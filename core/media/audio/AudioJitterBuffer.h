// The adaptive jitter buffer of one incoming audio stream. Packets go in as they arrive (any order, with
// duplicates and stragglers); the playout pulls one frame every frame interval. The target delay follows the
// measured arrival jitter; the buffer moves towards it only in silence (DTX gaps, comfort noise) or by gentle
// time-stretching, never by an audible jump. A missing frame is recovered from the next packet's FEC when
// that packet is already here, and concealed otherwise. Not thread-safe: the caller serialises insert and
// pull (one thread, or one lock around both).
#pragma once

#include "common/Result.h"
#include "media/AudioFrame.h"
#include "media/audio/AudioDecoder.h"
#include "media/audio/JitterEstimator.h"
#include "media/audio/OpusPacketInfo.h"
#include "media/audio/PlayoutQueue.h"

#include <QByteArray>

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <vector>

namespace ward::media {

struct AudioPacket {
    std::uint64_t sequence = 0; // the protected packet's sequence number on the audio stream
    std::uint32_t timestamp = 0; // sender samples at 48 kHz
    MediaTime arrival = 0;
    QByteArray opus;
};

enum class PlayoutKind {
    Waiting, // nothing received yet: silence
    Decoded,
    FecRecovered,
    Concealed,
    Silence, // the sender is in DTX: comfort silence
};

struct PlayoutFrame {
    AudioFrame
        audio; // frameSamples samples; audio.timestamp is the sender sample its first sample stands for
    PlayoutKind kind = PlayoutKind::Waiting;
};

struct JitterBufferSettings {
    int channels = 1;
    int frameSamples = 960; // the pull size: 20 ms at 48 kHz (480 for 10 ms)
    MediaTime minimumDelay = 0; // the target never goes below this
    MediaTime maximumDelay = fromMilliseconds(400);
};

struct JitterStats {
    std::uint64_t received = 0; // distinct packets accepted
    std::uint64_t duplicates = 0;
    std::uint64_t late = 0; // arrived after their time was played out
    std::uint64_t lost = 0; // frames never received in time (recovered or concealed)
    std::uint64_t concealed = 0;
    std::uint64_t fecRecovered = 0;
    std::uint64_t stretchedFrames = 0; // frames played longer or shorter to move the delay
    // Buffered audio ahead of the playout point: how long after a packet on the fastest path would have
    // brought it the audio now pulled is played.
    MediaTime currentDelay = 0;
    MediaTime targetDelay = 0;
    MediaTime jitter = 0; // the estimate the target follows
    std::uint64_t invalid = 0; // packets dropped unplayed: not Opus, undecodable, or far off the timeline
};

class AudioJitterBuffer {
public:
    static Result<AudioJitterBuffer> create(const JitterBufferSettings& settings);

    void insert(AudioPacket packet);
    // The frame to play at `now`; always frameSamples samples.
    PlayoutFrame pull(MediaTime now);

    const JitterStats& stats() const { return m_stats; }
    const JitterBufferSettings& settings() const { return m_settings; }

private:
    // A packet waiting for its turn, its timestamp unwrapped onto the 64-bit playout timeline.
    struct Stored {
        std::int64_t timestamp = 0;
        int duration = 0; // samples per channel
        MediaTime arrival = 0;
        QByteArray opus;
        OpusPacketInfo info;
    };

    AudioJitterBuffer(AudioDecoder decoder, const JitterBufferSettings& settings);

    // Arrival (AudioJitterBuffer.cpp)
    std::int64_t unwrap(std::uint32_t timestamp) const;
    MediaTime expectedArrival(std::int64_t timestamp) const;
    bool offTimeline(const AudioPacket& packet, std::int64_t timestamp) const;
    void holdOffTimeline(AudioPacket packet);
    void resynchronise();
    void acceptLate(std::uint64_t sequence, const Stored& packet);
    void store(std::uint64_t sequence, Stored packet);
    void remember(std::uint64_t sequence);
    void noteLoss(std::uint64_t sequence, MediaTime now);

    // Playout (AudioJitterBufferPlayout.cpp)
    bool start(MediaTime now);
    void restart();
    void fill(MediaTime now);
    void produceNext(MediaTime now, int needed);
    void produceUnknown(int needed);
    void produceSilence(int samples);
    void produceLostSlot(
        MediaTime now, const Stored& next, std::int64_t slotStart, int slotLength, bool last);
    void produceDecoded(std::uint64_t sequence);
    void appendFrom(std::int64_t sourceStart, PlayoutKind kind, std::vector<std::int16_t> samples);
    std::vector<std::int16_t> concealed(int samples);
    bool nextIsKnown() const;
    struct Slack {
        MediaTime slack = 0; // how long before it is needed the next packet arrives on the fastest path
        std::int64_t step = 0; // samples of lengthening or shortening that move `slack` by one step
        std::int64_t wasted = 0; // queued samples short of the next step: latency that buys no slack
    };
    Slack nextSlack(MediaTime now) const;
    void adjustDelay(MediaTime now);
    void adjustSilence(const Slack& slack, MediaTime target);
    MediaTime targetDelay(MediaTime now);
    MediaTime samplesToTime(std::int64_t samples) const;

    AudioDecoder m_decoder;
    JitterBufferSettings m_settings;
    JitterStats m_stats;
    std::map<std::uint64_t, Stored> m_packets; // by sequence
    JitterEstimator m_estimator;
    PlayoutQueue m_queue;
    bool m_started = false;
    bool m_haveTimestampBase = false;
    std::int64_t m_timestampBase = 0; // unwraps timestamps before playout starts
    std::int64_t m_position = 0; // the sender sample after the last one produced into the queue
    std::uint64_t m_nextSequence = 0; // the lowest sequence not yet played, recovered or given up
    std::int64_t m_lastEnd = 0; // the end of the last packet played or given up
    int m_slotSamples = 960; // the duration of the last packet, assumed for missing ones
    OpusMode m_lastMode = OpusMode::Invalid;
    bool m_lastVoiceActive = true;
    std::set<std::uint64_t> m_recentSequences; // played or given up lately: a copy now is a duplicate
    std::deque<std::pair<std::uint64_t, MediaTime>> m_recentLosses; // keep look-ahead for FEC while any
    std::vector<AudioPacket> m_offTimeline; // consecutive packets that disagree with the timeline
};

} // namespace ward::media
