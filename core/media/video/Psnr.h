// Picture quality: PSNR in dB between two I420 pictures of the same size, over all three planes weighted
// by their sizes. Identical pictures give kIdenticalPsnr.
#pragma once

#include "media/VideoFrame.h"

namespace ward::media {

inline constexpr double kIdenticalPsnr = 100.0;

double psnrI420(const VideoFrame& a, const VideoFrame& b);

} // namespace ward::media
