// Colour conversion and scaling (libyuv): any PixelFormat to I420, I420 scaled to another size, and I420 to
// ARGB for display. Sizes must be valid VideoFrame sizes.
#pragma once

#include "common/Result.h"
#include "media/VideoFrame.h"

namespace ward::media {

Result<VideoFrame> convertToI420(const VideoFrame& frame);
Result<VideoFrame> scaleI420(const VideoFrame& frame, int width, int height);
// Convert (when needed) and scale (when needed) in one call.
Result<VideoFrame> toI420Size(const VideoFrame& frame, int width, int height);
Result<VideoFrame> convertI420ToArgb(const VideoFrame& frame);

} // namespace ward::media
