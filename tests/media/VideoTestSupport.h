// Shared by the video tests: the test pattern run through a real VP8 encoder and decoder, with what a viewer
// would care about recorded per frame (quality, which source frame it shows) and what the network would
// carry (bytes, keyframes).
#pragma once

#include "media/io/TestPatternSource.h"
#include "media/video/Psnr.h"
#include "media/video/VideoDecoder.h"
#include "media/video/VideoEncoder.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <optional>
#include <vector>

namespace ward::media::test {

struct CodedRun {
    int sourceFrames = 0;
    int codedFrames = 0;
    int keyframes = 0;
    std::size_t bytes = 0;
    std::vector<double> psnr; // per decoded frame, against the source frame it came from
    std::vector<std::uint64_t> sourceIndex;
    std::vector<std::optional<std::uint64_t>> readNumber; // the bar code read from the decoded picture

    double meanPsnr() const
    {
        return psnr.empty() ? 0.0 : std::accumulate(psnr.begin(), psnr.end(), 0.0) / double(psnr.size());
    }
    double bitsPerSecond(double frameRate) const
    {
        return double(bytes) * 8.0 * frameRate / double(sourceFrames);
    }
};

inline VideoEncoderSettings encoderSettings(int width, int height, double frameRate, int bitrate)
{
    VideoEncoderSettings settings;
    settings.width = width;
    settings.height = height;
    settings.frameRate = frameRate;
    settings.bitrate = bitrate;
    settings.threads = 2;
    return settings;
}

// Encodes frames [first, first + count) of the pattern and decodes each coded frame.
inline void codeFrames(VideoEncoder& encoder, VideoDecoder& decoder, const TestPatternSource& pattern,
    std::uint64_t first, int count, CodedRun& run)
{
    for (std::uint64_t index = first; index < first + std::uint64_t(count); ++index) {
        const VideoFrame source = pattern.render(index);
        ++run.sourceFrames;
        auto encoded = encoder.encode(source, false);
        REQUIRE(encoded.ok());
        if (!encoded.value()) {
            continue;
        }
        const EncodedFrame& frame = *encoded.value();
        ++run.codedFrames;
        run.keyframes += frame.keyframe ? 1 : 0;
        run.bytes += std::size_t(frame.data.size());
        auto decoded = decoder.decode(frame);
        REQUIRE(decoded.ok());
        run.psnr.push_back(psnrI420(source, decoded.value()));
        run.sourceIndex.push_back(index);
        run.readNumber.push_back(TestPatternSource::readFrameNumber(decoded.value()));
    }
}

inline CodedRun codeTestPattern(int width, int height, double frameRate, int bitrate, int frames)
{
    auto encoder = VideoEncoder::create(encoderSettings(width, height, frameRate, bitrate));
    REQUIRE(encoder.ok());
    auto decoder = VideoDecoder::create(2);
    REQUIRE(decoder.ok());
    const TestPatternSource pattern(width, height, frameRate);
    CodedRun run;
    codeFrames(encoder.value(), decoder.value(), pattern, 0, frames, run);
    return run;
}

} // namespace ward::media::test
