// What VP8 costs a call: encoding and decoding the moving test pattern as a visit would at 1280x720
// (1.5-2.5 Mbit/s) and 640x480 (800 kbit/s), with the thread count in the last argument given to both the
// encoder (which uses fewer where more would not help on the machine) and the decoder. "cores" is process
// CPU time (all of libvpx's threads) per second of video, measured around each run of 60 frames: below 1
// means one core keeps up with sending and receiving the picture. The per-frame benchmarks give encode
// and decode alone.
#include "media/io/TestPatternSource.h"
#include "media/video/Psnr.h"
#include "media/video/VideoDecoder.h"
#include "media/video/VideoEncoder.h"

#include <benchmark/benchmark.h>

#include <ctime>
#include <utility>
#include <vector>

namespace {

using namespace ward::media;

constexpr int kClipFrames = 60;
constexpr double kFrameRate = 30;

double processSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Two seconds of the pattern, rendered beforehand: a camera hands over finished pictures.
std::vector<VideoFrame> clip(int width, int height)
{
    const TestPatternSource pattern(width, height, kFrameRate);
    std::vector<VideoFrame> frames;
    for (int i = 0; i < kClipFrames; ++i) {
        frames.push_back(pattern.render(static_cast<std::uint64_t>(i)));
    }
    return frames;
}

VideoEncoder makeEncoder(int width, int height, int bitrate, int threads)
{
    VideoEncoderSettings settings;
    settings.width = width;
    settings.height = height;
    settings.frameRate = kFrameRate;
    settings.bitrate = bitrate;
    settings.threads = threads;
    return VideoEncoder::create(settings).value();
}

// Feeds the clip round and round with capture times that keep advancing, as a live camera would.
struct Feed {
    std::vector<VideoFrame> frames;
    std::uint64_t next = 0;

    const VideoFrame& take()
    {
        VideoFrame& frame = frames[next % frames.size()];
        frame.captureTime = static_cast<MediaTime>(static_cast<double>(next) * 1e6 / kFrameRate);
        frame.sourceIndex = next++;
        return frame;
    }
};

void BM_VideoCallCpu(benchmark::State& state)
{
    const auto width = static_cast<int>(state.range(0));
    const auto height = static_cast<int>(state.range(1));
    const auto threads = static_cast<int>(state.range(3));
    VideoEncoder encoder = makeEncoder(width, height, static_cast<int>(state.range(2)), threads);
    VideoDecoder decoder = VideoDecoder::create(threads).value();
    Feed feed { clip(width, height) };

    double cpu = 0;
    double psnr = 0;
    std::int64_t bytes = 0;
    std::int64_t frames = 0;
    std::int64_t sampled = 0;
    for (auto _ : state) {
        // Every tenth picture is kept and compared after the clock stops, so the comparison costs nothing.
        std::vector<std::pair<VideoFrame, VideoFrame>> samples;
        const double start = processSeconds();
        for (int i = 0; i < kClipFrames; ++i) {
            const VideoFrame& source = feed.take();
            auto encoded = encoder.encode(source, false);
            ++frames;
            if (!encoded.ok() || !encoded.value()) {
                continue;
            }
            bytes += encoded.value()->data.size();
            auto picture = decoder.decode(*encoded.value());
            if (picture.ok() && i % 10 == 0) {
                samples.emplace_back(source, std::move(picture.value()));
            }
        }
        cpu += processSeconds() - start;
        for (const auto& [source, picture] : samples) {
            psnr += psnrI420(source, picture);
            ++sampled;
        }
    }
    const double videoSeconds = static_cast<double>(frames) / kFrameRate;
    state.counters["cores"] = cpu / videoSeconds;
    state.counters["kbit_s"] = static_cast<double>(bytes) * 8 / videoSeconds / 1000;
    state.counters["psnr_db"] = sampled > 0 ? psnr / static_cast<double>(sampled) : 0;
}
BENCHMARK(BM_VideoCallCpu)
    ->Args({ 1280, 720, 1500000, 2 })
    ->Args({ 1280, 720, 2500000, 2 })
    ->Args({ 1280, 720, 2000000, 1 })
    ->Args({ 640, 480, 800000, 2 })
    ->Args({ 640, 480, 800000, 1 })
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

void BM_VideoEncodeFrame(benchmark::State& state)
{
    const auto width = static_cast<int>(state.range(0));
    const auto height = static_cast<int>(state.range(1));
    const auto threads = static_cast<int>(state.range(3));
    VideoEncoder encoder = makeEncoder(width, height, static_cast<int>(state.range(2)), threads);
    Feed feed { clip(width, height) };
    for (int i = 0; i < 10; ++i) {
        benchmark::DoNotOptimize(encoder.encode(feed.take(), false).ok());
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(encoder.encode(feed.take(), false).ok());
    }
}
BENCHMARK(BM_VideoEncodeFrame)
    ->Args({ 1280, 720, 2000000, 2 })
    ->Args({ 1280, 720, 2000000, 1 })
    ->Args({ 640, 480, 800000, 2 })
    ->Args({ 640, 480, 800000, 1 })
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

void BM_VideoDecodeFrame(benchmark::State& state)
{
    const auto width = static_cast<int>(state.range(0));
    const auto height = static_cast<int>(state.range(1));
    const auto threads = static_cast<int>(state.range(3));
    VideoEncoder encoder = makeEncoder(width, height, static_cast<int>(state.range(2)), threads);
    Feed feed { clip(width, height) };
    // One keyframe and its delta frames, decoded in a loop: every pass starts again at the keyframe.
    std::vector<EncodedFrame> stream;
    for (int i = 0; i < kClipFrames; ++i) {
        auto encoded = encoder.encode(feed.take(), i == 0);
        if (encoded.ok() && encoded.value()) {
            stream.push_back(*encoded.value());
        }
    }
    VideoDecoder decoder = VideoDecoder::create(threads).value();
    std::size_t next = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(decoder.decode(stream[next]).ok());
        next = (next + 1) % stream.size();
    }
}
BENCHMARK(BM_VideoDecodeFrame)
    ->Args({ 1280, 720, 2000000, 2 })
    ->Args({ 1280, 720, 2000000, 1 })
    ->Args({ 640, 480, 800000, 2 })
    ->Args({ 640, 480, 800000, 1 })
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

} // namespace
