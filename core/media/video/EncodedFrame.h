// One compressed video frame between the encoder and the packetiser, and again between frame reassembly
// and the decoder.
#pragma once

#include "media/MediaTime.h"

#include <QByteArray>

#include <cstdint>

namespace ward::media {

struct EncodedFrame {
    QByteArray data;
    bool keyframe = false;
    std::uint16_t pictureId = 0; // counts encoded frames, wraps at 2^15 (VP8 payload descriptor style)
    std::uint32_t timestamp = 0; // 90 kHz clock on the sender's timeline
    int width = 0;
    int height = 0;
    MediaTime captureTime = 0; // sender side only: not on the wire
};

// The 90 kHz video clock from media time.
inline std::uint32_t videoTimestamp(MediaTime t)
{
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(t) * 90 / 1000);
}

} // namespace ward::media
