// A picture, tightly packed (no row padding) in one of the formats cameras and screens deliver. The encoder
// takes I420 only; ColorConverter turns the others into it. Layouts, for width W and height H:
//   I420: Y (W*H), then U and V, each ((W+1)/2) * ((H+1)/2)
//   NV12: Y (W*H), then interleaved UV, ((W+1)/2) * ((H+1)/2) pairs
//   YUYV: W*H*2 bytes, Y0 U Y1 V per two pixels (W even)
//   ARGB and BGRA: 4 bytes per pixel; the names give the byte order in memory as libyuv means it:
//   "ARGB" is B,G,R,A in memory (a little-endian 0xAARRGGBB word, what QImage::Format_ARGB32 holds),
//   "BGRA" is A,R,G,B in memory.
#pragma once

#include "media/MediaTime.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ward::media {

enum class PixelFormat { I420, NV12, YUYV, ARGB, BGRA };

inline constexpr int kMaxVideoWidth = 1920;
inline constexpr int kMaxVideoHeight = 1080;

inline std::size_t pixelFormatBytes(PixelFormat format, int width, int height)
{
    const auto w = static_cast<std::size_t>(width);
    const auto h = static_cast<std::size_t>(height);
    const std::size_t chroma = ((w + 1) / 2) * ((h + 1) / 2);
    switch (format) {
    case PixelFormat::I420:
    case PixelFormat::NV12:
        return w * h + 2 * chroma;
    case PixelFormat::YUYV:
        return w * h * 2;
    case PixelFormat::ARGB:
    case PixelFormat::BGRA:
        return w * h * 4;
    }
    return 0;
}

struct VideoFrame {
    PixelFormat format = PixelFormat::I420;
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> data; // pixelFormatBytes(format, width, height) bytes
    MediaTime captureTime = 0;
    // Counts frames from the source (the test pattern draws it into the picture, so a receiver can tell
    // which source frame it shows). Not sent on the wire.
    std::uint64_t sourceIndex = 0;

    bool valid() const
    {
        return width > 0 && height > 0 && width <= kMaxVideoWidth && height <= kMaxVideoHeight
            && data.size() == pixelFormatBytes(format, width, height);
    }

    // I420 plane access (format must be I420).
    int chromaWidth() const { return (width + 1) / 2; }
    int chromaHeight() const { return (height + 1) / 2; }
    std::uint8_t* planeY() { return data.data(); }
    std::uint8_t* planeU()
    {
        return data.data() + static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    }
    std::uint8_t* planeV()
    {
        return planeU() + static_cast<std::size_t>(chromaWidth()) * static_cast<std::size_t>(chromaHeight());
    }
    const std::uint8_t* planeY() const { return data.data(); }
    const std::uint8_t* planeU() const
    {
        return data.data() + static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    }
    const std::uint8_t* planeV() const
    {
        return planeU() + static_cast<std::size_t>(chromaWidth()) * static_cast<std::size_t>(chromaHeight());
    }

    static VideoFrame blankI420(int width, int height)
    {
        VideoFrame frame;
        frame.width = width;
        frame.height = height;
        frame.data.assign(pixelFormatBytes(PixelFormat::I420, width, height), 128);
        std::fill(frame.data.begin(), frame.data.begin() + static_cast<std::ptrdiff_t>(width) * height,
            std::uint8_t { 16 });
        return frame;
    }
};

} // namespace ward::media
