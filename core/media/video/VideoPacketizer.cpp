#include "media/video/VideoPacketizer.h"

#include "media/pipeline/MediaPayload.h"
#include "media/video/VideoDescriptor.h"

#include <algorithm>
#include <cstring>

namespace ward::media {

namespace {
constexpr std::size_t kMaxPieceBytes = kMaxVideoPayloadBytes - kPayloadHeaderBytes;
constexpr std::size_t kMaxSliceBytes = kMaxPieceBytes - kVideoDescriptorBytes;
} // namespace

std::vector<QByteArray> packetizeVideoFrame(const EncodedFrame& frame)
{
    std::vector<QByteArray> pieces;
    const auto dataBytes = static_cast<std::size_t>(frame.data.size());
    if (dataBytes == 0) {
        return pieces;
    }
    // The first piece of a keyframe carries the picture size as well. Counting those extra bytes as part
    // of the data lets every piece be cut to (nearly) the same length, so that no tiny last piece goes out.
    const std::size_t extra = frame.keyframe ? kKeyframeDescriptorBytes - kVideoDescriptorBytes : 0;
    const std::size_t total = dataBytes + extra;
    const std::size_t count = (total + kMaxSliceBytes - 1) / kMaxSliceBytes;
    const std::size_t base = total / count;
    const std::size_t longer = total % count; // the first `longer` pieces take one byte more

    VideoDescriptor descriptor;
    descriptor.keyframe = frame.keyframe;
    descriptor.pictureId = frame.pictureId;
    descriptor.timestamp = frame.timestamp;
    descriptor.width = frame.width;
    descriptor.height = frame.height;

    pieces.reserve(count);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < count; ++i) {
        descriptor.first = i == 0;
        descriptor.last = i + 1 == count;
        std::size_t slice = base + (i < longer ? 1 : 0);
        if (i == 0) {
            slice -= extra;
        }
        slice = std::min(slice, dataBytes - offset);
        QByteArray piece(static_cast<qsizetype>(descriptor.size() + slice), Qt::Uninitialized);
        auto* out = reinterpret_cast<std::uint8_t*>(piece.data());
        descriptor.write(out);
        std::memcpy(out + descriptor.size(), frame.data.constData() + offset, slice);
        offset += slice;
        pieces.push_back(std::move(piece));
    }
    return pieces;
}

} // namespace ward::media
