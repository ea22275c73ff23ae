// The microphone path's cost: one 10 ms block through AudioProcessor with every stage on (echo cancellation
// with a 200 ms tail, noise suppression, automatic gain), the far end queued by playback() first, as in a
// call. A block must cost far less than 10 ms of one core.
#include "media/audio/AudioProcessor.h"
#include "media/io/ToneSource.h"

#include <benchmark/benchmark.h>

#include <cstdlib>

namespace {

using namespace ward::media;

void BM_AudioProcessorBlock(benchmark::State& state)
{
    AudioProcessingSettings settings;
    settings.channels = static_cast<int>(state.range(0));
    auto processor = AudioProcessor::create(settings);
    if (!processor) {
        std::abort();
    }
    ChirpSource speaker(300.0, 3400.0, 1.3, 0.3);
    ToneSource talker(440.0, 0.1);
    // A second of signal prepared up front, so the loop measures processing and not synthesis.
    constexpr int kBlocks = 100;
    std::vector<AudioFrame> far;
    std::vector<AudioFrame> near;
    for (int i = 0; i < kBlocks; ++i) {
        AudioFrame f = speaker.read(settings.frameSamples, 0);
        AudioFrame n = talker.read(settings.frameSamples, 0);
        if (settings.channels == 2) {
            for (AudioFrame* frame : { &f, &n }) {
                std::vector<std::int16_t> stereo;
                for (const std::int16_t s : frame->samples) {
                    stereo.insert(stereo.end(), { s, s });
                }
                frame->samples = std::move(stereo);
                frame->channels = 2;
            }
        }
        far.push_back(std::move(f));
        near.push_back(std::move(n));
    }
    std::size_t i = 0;
    AudioFrame microphone;
    for (auto _ : state) {
        processor->playback(far[i]);
        microphone = near[i];
        processor->capture(microphone);
        benchmark::DoNotOptimize(microphone.samples.data());
        i = (i + 1) % kBlocks;
    }
    state.counters["blocks/s"]
        = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AudioProcessorBlock)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

} // namespace
