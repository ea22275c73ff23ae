#include "media/video/VideoDescriptor.h"

#include "media/VideoFrame.h"
#include "media/pipeline/MediaPayload.h"

namespace ward::media {

namespace {
constexpr std::uint8_t kKeyframeFlag = 0x01;
constexpr std::uint8_t kFirstFlag = 0x02;
constexpr std::uint8_t kLastFlag = 0x04;
constexpr std::uint8_t kKnownFlags = kKeyframeFlag | kFirstFlag | kLastFlag;
constexpr std::uint16_t kPictureIdMask = 0x7fff;
} // namespace

void VideoDescriptor::write(std::uint8_t* out) const
{
    std::uint8_t flags = 0;
    flags |= keyframe ? kKeyframeFlag : 0;
    flags |= first ? kFirstFlag : 0;
    flags |= last ? kLastFlag : 0;
    out[0] = flags;
    writeBigEndian(out + 1, pictureId & kPictureIdMask, 2);
    writeBigEndian(out + 3, timestamp, 4);
    if (keyframe && first) {
        writeBigEndian(out + 7, static_cast<std::uint16_t>(width), 2);
        writeBigEndian(out + 9, static_cast<std::uint16_t>(height), 2);
    }
}

std::optional<VideoDescriptor> VideoDescriptor::read(const std::uint8_t* data, std::size_t size)
{
    if (size < kVideoDescriptorBytes || (data[0] & ~kKnownFlags) != 0) {
        return std::nullopt;
    }
    VideoDescriptor descriptor;
    descriptor.keyframe = (data[0] & kKeyframeFlag) != 0;
    descriptor.first = (data[0] & kFirstFlag) != 0;
    descriptor.last = (data[0] & kLastFlag) != 0;
    const auto pictureId = static_cast<std::uint16_t>(readBigEndian(data + 1, 2));
    // The sixteenth bit is reserved (a longer picture id in VP8's payload descriptor); nobody sends it.
    if ((pictureId & ~kPictureIdMask) != 0) {
        return std::nullopt;
    }
    descriptor.pictureId = pictureId;
    descriptor.timestamp = static_cast<std::uint32_t>(readBigEndian(data + 3, 4));
    if (descriptor.keyframe && descriptor.first) {
        if (size < kKeyframeDescriptorBytes) {
            return std::nullopt;
        }
        descriptor.width = static_cast<int>(readBigEndian(data + 7, 2));
        descriptor.height = static_cast<int>(readBigEndian(data + 9, 2));
        if (descriptor.width < 1 || descriptor.width > kMaxVideoWidth || descriptor.height < 1
            || descriptor.height > kMaxVideoHeight) {
            return std::nullopt;
        }
    }
    return descriptor;
}

} // namespace ward::media
