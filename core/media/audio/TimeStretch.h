// Time-stretching of a block of decoded audio by one short segment, the way a jitter buffer moves its delay
// while someone speaks: a segment of `lag` samples is dropped (or repeated) where the signal best matches
// itself one lag later, and the seam is crossfaded over the whole lag, so no step or click is heard.
#pragma once

#include <cstdint>
#include <vector>

namespace ward::media {

enum class StretchDirection { Shorten, Lengthen };

// Changes `samples` (interleaved, `channels` per frame) by one lag in [minLag, maxLag] samples per
// channel, chosen where the block correlates best with itself. The lag is also held to half the block.
// Returns the lag used, or 0 when the block is too short and nothing changed.
int timeStretch(
    std::vector<std::int16_t>& samples, int channels, int minLag, int maxLag, StretchDirection direction);

} // namespace ward::media
