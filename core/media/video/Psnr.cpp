#include "media/video/Psnr.h"

#include <cmath>

namespace ward::media {

double psnrI420(const VideoFrame& a, const VideoFrame& b)
{
    // Pictures that cannot be compared are as unlike as they can be.
    if (a.format != PixelFormat::I420 || b.format != PixelFormat::I420 || a.width != b.width
        || a.height != b.height || !a.valid() || !b.valid()) {
        return 0.0;
    }
    // The planes lie one after another in both pictures, so summing over all bytes weighs each plane by its
    // size.
    std::uint64_t squaredError = 0;
    for (std::size_t i = 0; i < a.data.size(); ++i) {
        const int difference = int { a.data[i] } - int { b.data[i] };
        squaredError += static_cast<std::uint64_t>(difference * difference);
    }
    if (squaredError == 0) {
        return kIdenticalPsnr;
    }
    const double meanSquaredError = static_cast<double>(squaredError) / static_cast<double>(a.data.size());
    const double psnr = 10.0 * std::log10(255.0 * 255.0 / meanSquaredError);
    return psnr < kIdenticalPsnr ? psnr : kIdenticalPsnr;
}

} // namespace ward::media
