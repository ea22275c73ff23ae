// Pictures from Qt into the engine's VideoFrame. A camera's QVideoFrame keeps its own layout when the engine
// has one like it (NV12, YUYV, I420 from YUV420P or YV12, 32-bit RGB in either byte order), copied row by row
// without the row padding (YUV layouts cut to even sides); anything else, or anything larger than the engine
// takes, goes through QImage and arrives as ARGB scaled to fit. Conversion to I420 is the pipeline's
// (media::convertToI420). Byte orders: Qt's Format_BGRA8888 (B,G,R,A in memory, QImage::Format_ARGB32 on
// little-endian machines) is the engine's ARGB; Qt's Format_ARGB8888 (A,R,G,B in memory) is the engine's
// BGRA.
#pragma once

#include "common/Result.h"
#include "media/VideoFrame.h"

#include <QImage>
#include <QSize>
#include <QVideoFrame>

namespace ward::devices {

// Whether mapVideoFrame copies this format as it is (rather than drawing it through QImage).
bool isMappedDirectly(QVideoFrameFormat::PixelFormat format);
// The largest size with even sides that fits `limit` and keeps `size`'s shape; never below 2x2.
QSize fitEven(QSize size, QSize limit);
// `image` as an ARGB frame, scaled down (never up) to fit `limit` with even sides.
Result<media::VideoFrame> imageToFrame(const QImage& image, QSize limit);
// `frame` in the matching engine format (see above); captureTime and sourceIndex are left at zero.
Result<media::VideoFrame> mapVideoFrame(const QVideoFrame& frame);

} // namespace ward::devices
