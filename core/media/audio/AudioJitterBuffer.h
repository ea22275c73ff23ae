// The adaptive jitter buffer of one incoming audio stream. Packets go in as they arrive (any order, with
// duplicates and stragglers); the playout pulls one frame every frame interval. The target delay follows the
// measured arrival jitter; the buffer moves towards it only in silence (DTX gaps, comfort noise) or by gentle
// time-stretching, never by an audible jump. A missing frame is recovered from the next packet's FEC when
// that packet is already here, and concealed otherwise.
#pragma once

#include "common/Result.h"
#include "media/AudioFrame.h"
#include "media/audio/AudioDecoder.h"

#include <QByteArray>

#include <cstdint>
#include <map>

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
    MediaTime currentDelay = 0; // buffered audio ahead of the playout point
    MediaTime targetDelay = 0;
    MediaTime jitter = 0; // the estimate the target follows
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
    AudioJitterBuffer(AudioDecoder decoder, const JitterBufferSettings& settings);

    AudioDecoder m_decoder;
    JitterBufferSettings m_settings;
    JitterStats m_stats;
    std::map<std::uint64_t, AudioPacket> m_packets; // by sequence
};

} // namespace ward::media
