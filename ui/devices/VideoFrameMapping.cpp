#include "devices/VideoFrameMapping.h"

#include <QSysInfo>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

namespace ward::devices {

namespace {

const QSize kEngineLimit(media::kMaxVideoWidth, media::kMaxVideoHeight);

enum class Layout { I420, YV12, NV12, YUYV, Packed32 };

struct Mapping {
    Layout layout;
    media::PixelFormat format;
};

std::optional<Mapping> mappingFor(QVideoFrameFormat::PixelFormat format)
{
    switch (format) {
    case QVideoFrameFormat::Format_YUV420P:
        return Mapping { Layout::I420, media::PixelFormat::I420 };
    case QVideoFrameFormat::Format_YV12:
        return Mapping { Layout::YV12, media::PixelFormat::I420 };
    case QVideoFrameFormat::Format_NV12:
        return Mapping { Layout::NV12, media::PixelFormat::NV12 };
    case QVideoFrameFormat::Format_YUYV:
        return Mapping { Layout::YUYV, media::PixelFormat::YUYV };
    case QVideoFrameFormat::Format_BGRA8888:
    case QVideoFrameFormat::Format_BGRA8888_Premultiplied:
    case QVideoFrameFormat::Format_BGRX8888:
        return Mapping { Layout::Packed32, media::PixelFormat::ARGB };
    case QVideoFrameFormat::Format_ARGB8888:
    case QVideoFrameFormat::Format_ARGB8888_Premultiplied:
    case QVideoFrameFormat::Format_XRGB8888:
        return Mapping { Layout::Packed32, media::PixelFormat::BGRA };
    default:
        return std::nullopt;
    }
}

// Appends `rows` rows of `rowBytes` from one plane of a mapped frame, leaving the row padding behind.
bool copyPlane(const QVideoFrame& mapped, int plane, int rowBytes, int rows, std::uint8_t*& out)
{
    if (plane >= mapped.planeCount()) {
        return false;
    }
    const uchar* source = mapped.bits(plane);
    const qint64 stride = mapped.bytesPerLine(plane);
    if (source == nullptr || stride < rowBytes
        || stride * (rows - 1) + rowBytes > mapped.mappedBytes(plane)) {
        return false;
    }
    for (int row = 0; row < rows; ++row) {
        std::memcpy(out, source + stride * row, static_cast<std::size_t>(rowBytes));
        out += rowBytes;
    }
    return true;
}

bool copyPlanes(const QVideoFrame& mapped, Layout layout, int width, int height, std::uint8_t* out)
{
    const int chromaWidth = (width + 1) / 2;
    const int chromaHeight = (height + 1) / 2;
    switch (layout) {
    case Layout::I420:
        return copyPlane(mapped, 0, width, height, out)
            && copyPlane(mapped, 1, chromaWidth, chromaHeight, out)
            && copyPlane(mapped, 2, chromaWidth, chromaHeight, out);
    case Layout::YV12: // V before U
        return copyPlane(mapped, 0, width, height, out)
            && copyPlane(mapped, 2, chromaWidth, chromaHeight, out)
            && copyPlane(mapped, 1, chromaWidth, chromaHeight, out);
    case Layout::NV12:
        return copyPlane(mapped, 0, width, height, out)
            && copyPlane(mapped, 1, chromaWidth * 2, chromaHeight, out);
    case Layout::YUYV:
        return copyPlane(mapped, 0, width * 2, height, out);
    case Layout::Packed32:
        return copyPlane(mapped, 0, width * 4, height, out);
    }
    return false;
}

} // namespace

bool isMappedDirectly(QVideoFrameFormat::PixelFormat format)
{
    return mappingFor(format).has_value();
}

QSize fitEven(QSize size, QSize limit)
{
    if (size.isEmpty() || limit.isEmpty()) {
        return {};
    }
    qint64 width = size.width();
    qint64 height = size.height();
    if (width > limit.width() || height > limit.height()) {
        // Scale on the side that limits, so that side lands exactly on the limit.
        if (width * limit.height() >= height * limit.width()) {
            height = std::llround(static_cast<double>(height) * limit.width() / static_cast<double>(width));
            width = limit.width();
        } else {
            width = std::llround(static_cast<double>(width) * limit.height() / static_cast<double>(height));
            height = limit.height();
        }
    }
    const auto even = [](qint64 value, int max) {
        return static_cast<int>(std::max<qint64>(2, std::min<qint64>(value, max) & ~qint64 { 1 }));
    };
    return { even(width, limit.width()), even(height, limit.height()) };
}

Result<media::VideoFrame> imageToFrame(const QImage& image, QSize limit)
{
    const QSize size = fitEven(image.size(), limit.boundedTo(kEngineLimit));
    if (size.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("The picture to send is empty."));
    }
    QImage picture;
    if (size.width() <= image.width() - 2 || size.height() <= image.height() - 2) {
        picture = image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    } else {
        // Only an odd row or column to lose: cut it rather than blur the whole picture by rescaling.
        picture = image.copy(0, 0, size.width(), size.height());
    }
    picture.convertTo(QImage::Format_ARGB32);
    if (picture.isNull() || picture.size() != size) {
        return makeError(ErrorCode::Io, QStringLiteral("The picture could not be converted for sending."));
    }
    media::VideoFrame frame;
    // Format_ARGB32 is a native 0xAARRGGBB word: B,G,R,A in memory on little-endian machines.
    frame.format
        = QSysInfo::ByteOrder == QSysInfo::LittleEndian ? media::PixelFormat::ARGB : media::PixelFormat::BGRA;
    frame.width = size.width();
    frame.height = size.height();
    frame.data.resize(media::pixelFormatBytes(frame.format, frame.width, frame.height));
    const auto rowBytes = static_cast<std::size_t>(frame.width) * 4;
    for (int row = 0; row < frame.height; ++row) {
        std::memcpy(frame.data.data() + rowBytes * static_cast<std::size_t>(row), picture.constScanLine(row),
            rowBytes);
    }
    return frame;
}

Result<media::VideoFrame> mapVideoFrame(const QVideoFrame& input)
{
    int width = input.width();
    int height = input.height();
    if (!input.isValid() || width <= 0 || height <= 0) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("The camera sent an empty picture."));
    }
    const std::optional<Mapping> mapping = mappingFor(input.pixelFormat());
    const bool fits = width <= media::kMaxVideoWidth && height <= media::kMaxVideoHeight;
    if (!mapping || !fits || width < 2 || height < 2) {
        // Qt knows how to draw it; the engine then gets ARGB.
        return imageToFrame(input.toImage(), kEngineLimit);
    }
    // YUV layouts lose an odd last row and column: cameras send even sizes, and Qt lays out odd-sized YUV
    // frames with one chroma row fewer than the engine's (W+1)/2 x (H+1)/2.
    if (mapping->layout != Layout::Packed32) {
        width &= ~1;
        height &= ~1;
    }

    QVideoFrame mapped(input);
    if (!mapped.map(QVideoFrame::ReadOnly)) {
        return makeError(ErrorCode::Io, QStringLiteral("The camera's picture could not be read."));
    }
    media::VideoFrame frame;
    frame.format = mapping->format;
    frame.width = width;
    frame.height = height;
    frame.data.resize(media::pixelFormatBytes(frame.format, width, height));
    const bool copied = copyPlanes(mapped, mapping->layout, width, height, frame.data.data());
    mapped.unmap();
    if (!copied) {
        return makeError(
            ErrorCode::Corrupt, QStringLiteral("The camera sent a picture smaller than its size says."));
    }
    return frame;
}

} // namespace ward::devices
