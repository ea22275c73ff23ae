#include "media/video/ColorConverter.h"

#include <libyuv/convert.h>
#include <libyuv/convert_argb.h>
#include <libyuv/scale.h>

namespace ward::media {

namespace {

Status checkFrame(const VideoFrame& frame)
{
    if (!frame.valid()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The picture's size or data does not match its format; it cannot be converted."));
    }
    if (frame.format == PixelFormat::YUYV && frame.width % 2 != 0) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A YUYV picture must have an even width; this one cannot be converted."));
    }
    return {};
}

Status checkSize(int width, int height)
{
    if (width < 1 || width > kMaxVideoWidth || height < 1 || height > kMaxVideoHeight) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A picture of %1x%2 is not supported; choose a size up to %3x%4.")
                .arg(QString::number(width), QString::number(height), QString::number(kMaxVideoWidth),
                    QString::number(kMaxVideoHeight)));
    }
    return {};
}

VideoFrame emptyLike(const VideoFrame& frame, PixelFormat format, int width, int height)
{
    VideoFrame out;
    out.format = format;
    out.width = width;
    out.height = height;
    out.data.resize(pixelFormatBytes(format, width, height));
    out.captureTime = frame.captureTime;
    out.sourceIndex = frame.sourceIndex;
    return out;
}

Error conversionFailed()
{
    return makeError(ErrorCode::Internal, QStringLiteral("The picture could not be converted."));
}

} // namespace

Result<VideoFrame> convertToI420(const VideoFrame& frame)
{
    if (auto valid = checkFrame(frame); !valid) {
        return valid.error();
    }
    if (frame.format == PixelFormat::I420) {
        return frame;
    }
    VideoFrame out = emptyLike(frame, PixelFormat::I420, frame.width, frame.height);
    const int w = frame.width;
    const int h = frame.height;
    const std::uint8_t* src = frame.data.data();
    const int cw = out.chromaWidth();
    int rc = -1;
    switch (frame.format) {
    case PixelFormat::I420:
        break;
    case PixelFormat::NV12:
        rc = libyuv::NV12ToI420(src, w, src + static_cast<std::size_t>(w) * static_cast<std::size_t>(h),
            cw * 2, out.planeY(), w, out.planeU(), cw, out.planeV(), cw, w, h);
        break;
    case PixelFormat::YUYV:
        rc = libyuv::YUY2ToI420(src, w * 2, out.planeY(), w, out.planeU(), cw, out.planeV(), cw, w, h);
        break;
    case PixelFormat::ARGB:
        rc = libyuv::ARGBToI420(src, w * 4, out.planeY(), w, out.planeU(), cw, out.planeV(), cw, w, h);
        break;
    case PixelFormat::BGRA:
        rc = libyuv::BGRAToI420(src, w * 4, out.planeY(), w, out.planeU(), cw, out.planeV(), cw, w, h);
        break;
    }
    if (rc != 0) {
        return conversionFailed();
    }
    return out;
}

Result<VideoFrame> scaleI420(const VideoFrame& frame, int width, int height)
{
    if (auto valid = checkFrame(frame); !valid) {
        return valid.error();
    }
    if (auto size = checkSize(width, height); !size) {
        return size.error();
    }
    if (frame.format != PixelFormat::I420) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("Only I420 pictures can be scaled; convert it first."));
    }
    if (width == frame.width && height == frame.height) {
        return frame;
    }
    VideoFrame out = emptyLike(frame, PixelFormat::I420, width, height);
    // Shrinking to half or less, the box filter averages every source pixel, so fine detail does not alias
    // (its fixed-point average can come out one level low, which nobody sees); otherwise bilinear, which
    // keeps levels exact.
    const bool large = frame.width >= 2 * width && frame.height >= 2 * height;
    const int rc = libyuv::I420Scale(frame.planeY(), frame.width, frame.planeU(), frame.chromaWidth(),
        frame.planeV(), frame.chromaWidth(), frame.width, frame.height, out.planeY(), width, out.planeU(),
        out.chromaWidth(), out.planeV(), out.chromaWidth(), width, height,
        large ? libyuv::kFilterBox : libyuv::kFilterBilinear);
    if (rc != 0) {
        return conversionFailed();
    }
    return out;
}

Result<VideoFrame> toI420Size(const VideoFrame& frame, int width, int height)
{
    if (frame.format == PixelFormat::I420) {
        return scaleI420(frame, width, height);
    }
    auto converted = convertToI420(frame);
    if (!converted) {
        return converted;
    }
    return scaleI420(converted.value(), width, height);
}

Result<VideoFrame> convertI420ToArgb(const VideoFrame& frame)
{
    if (auto valid = checkFrame(frame); !valid) {
        return valid.error();
    }
    if (frame.format != PixelFormat::I420) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("The picture is not in I420."));
    }
    VideoFrame out = emptyLike(frame, PixelFormat::ARGB, frame.width, frame.height);
    const int rc = libyuv::I420ToARGB(frame.planeY(), frame.width, frame.planeU(), frame.chromaWidth(),
        frame.planeV(), frame.chromaWidth(), out.data.data(), frame.width * 4, frame.width, frame.height);
    if (rc != 0) {
        return conversionFailed();
    }
    return out;
}

} // namespace ward::media
