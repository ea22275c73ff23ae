// The audio a jitter buffer has produced but not yet played: segments in playout order, each knowing which
// sender samples it stands for and what it is (decoded, recovered, concealed, silence). Only the newest
// segment is ever lengthened or shortened, and only in its unplayed part.
#pragma once

#include "media/audio/TimeStretch.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace ward::media {

enum class PlayoutKind; // AudioJitterBuffer.h

class PlayoutQueue {
public:
    struct Taken {
        std::int64_t sourceTimestamp = 0; // the sender sample the first sample taken stands for
        PlayoutKind kind {};
    };

    explicit PlayoutQueue(int channels);

    // `samples` holds `sourceLength` sender samples per channel from `sourceStart`, possibly after
    // stretching, so its own length may differ.
    void append(
        std::int64_t sourceStart, int sourceLength, PlayoutKind kind, std::vector<std::int16_t> samples);
    void clear();
    // Samples per channel not yet played.
    int available() const { return m_available; }

    // Moves `count` samples per channel into `out`, padding with zeros when fewer are available. The kind
    // is the most telling of those taken: concealed, then recovered, then decoded, then silence.
    Taken take(int count, std::vector<std::int16_t>& out);

    bool empty() const { return m_segments.empty(); }
    PlayoutKind newestKind() const;
    int newestUnplayed() const;
    // Time-stretches the newest segment's unplayed part (see timeStretch); returns the change in samples
    // per channel (positive when longer).
    int stretchNewest(int minLag, int maxLag, StretchDirection direction);
    // Drops up to `count` samples per channel from the end of the newest segment; returns how many.
    int truncateNewest(int count);
    // Appends samples to the newest segment without moving its sender span (more of the same silence).
    void extendNewest(const std::vector<std::int16_t>& samples);

private:
    struct Segment {
        std::int64_t sourceStart = 0;
        int sourceLength = 0;
        PlayoutKind kind {};
        std::vector<std::int16_t> samples;
        int played = 0; // samples per channel

        int length(int channels) const { return static_cast<int>(samples.size()) / channels; }
        std::int64_t sourceAt(int offset, int channels) const;
    };
    // Forgets the played part of the newest segment so that its unplayed part can be changed.
    Segment& compactNewest();

    int m_channels;
    int m_available = 0;
    std::deque<Segment> m_segments;
};

} // namespace ward::media
