// The small descriptor in front of each video payload piece (after the 5-byte payload header):
//   offset 0  flags       1 byte   bit 0 keyframe, bit 1 first piece of the frame, bit 2 last piece
//   offset 1  pictureId   2 bytes  big-endian, 15 bits used
//   offset 3  timestamp   4 bytes  big-endian, 90 kHz
//   offset 7  width       2 bytes  big-endian, only in the first piece of a keyframe
//   offset 9  height      2 bytes  big-endian, only in the first piece of a keyframe
// Unknown flag bits, a zero or oversized picture size are malformed.
#pragma once

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace ward::media {

inline constexpr std::size_t kVideoDescriptorBytes = 7;
inline constexpr std::size_t kKeyframeDescriptorBytes = 11;

struct VideoDescriptor {
    bool keyframe = false;
    bool first = false;
    bool last = false;
    std::uint16_t pictureId = 0;
    std::uint32_t timestamp = 0;
    int width = 0; // first piece of a keyframe only
    int height = 0;

    std::size_t size() const { return keyframe && first ? kKeyframeDescriptorBytes : kVideoDescriptorBytes; }
    void write(std::uint8_t* out) const;
    static std::optional<VideoDescriptor> read(const std::uint8_t* data, std::size_t size);
};

} // namespace ward::media
