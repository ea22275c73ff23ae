// Sample-rate conversion to the engine's 48 kHz: a tone keeps its frequency, the output is as long as the
// rate ratio says, stereo channels stay apart, and rates or layouts outside what it supports are refused.
#include "media/audio/Resampler.h"
#include "media/audio/AudioAnalysis.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace ward::media;

namespace {

// `seconds` of interleaved tones, one frequency per channel, at `rate`.
AudioFrame tones(int rate, const std::vector<double>& frequencies, double seconds)
{
    const auto channels = static_cast<int>(frequencies.size());
    AudioFrame frame = AudioFrame::silence(static_cast<int>(seconds * rate), channels, rate);
    const auto width = static_cast<std::size_t>(channels);
    for (std::size_t i = 0; i < static_cast<std::size_t>(frame.sampleCount()); ++i) {
        for (std::size_t c = 0; c < width; ++c) {
            const double phase = 2.0 * std::numbers::pi * frequencies[c] * static_cast<double>(i)
                / static_cast<double>(rate);
            frame.samples[i * width + c] = static_cast<std::int16_t>(std::lround(10000.0 * std::sin(phase)));
        }
    }
    return frame;
}

// Feeds `input` through `resampler` in 10 ms pieces, as a device adapter would, and joins the output.
AudioFrame resampleInPieces(Resampler& resampler, const AudioFrame& input)
{
    const int piece = input.sampleRate / 100;
    AudioFrame joined = AudioFrame::silence(0, input.channels, resampler.outputRate());
    for (int start = 0; start < input.sampleCount(); start += piece) {
        const int count = std::min(piece, input.sampleCount() - start);
        AudioFrame part = AudioFrame::silence(count, input.channels, input.sampleRate);
        std::copy_n(input.samples.begin() + static_cast<std::ptrdiff_t>(start) * input.channels,
            static_cast<std::ptrdiff_t>(count) * input.channels, part.samples.begin());
        const AudioFrame out = resampler.process(part);
        REQUIRE(out.sampleRate == resampler.outputRate());
        REQUIRE(out.channels == input.channels);
        joined.samples.insert(joined.samples.end(), out.samples.begin(), out.samples.end());
    }
    return joined;
}

std::vector<std::int16_t> channel(const AudioFrame& frame, int c)
{
    std::vector<std::int16_t> out;
    const auto width = static_cast<std::size_t>(frame.channels);
    for (std::size_t i = static_cast<std::size_t>(c); i < frame.samples.size(); i += width) {
        out.push_back(frame.samples[i]);
    }
    return out;
}

} // namespace

TEST_CASE(
    "A 1 kHz tone resampled to 48 kHz keeps its frequency and the length follows the ratio", "[media][dsp]")
{
    const int inputRate = GENERATE(44100, 16000);
    auto resampler = Resampler::create(1, inputRate, kEngineSampleRate);
    REQUIRE(resampler);
    const AudioFrame input = tones(inputRate, { 1000.0 }, 2.0);
    const AudioFrame output = resampleInPieces(*resampler, input);

    // The filter keeps a few milliseconds back at most; the rest of two seconds must come out.
    INFO("input rate " << inputRate << ", output samples " << output.sampleCount());
    CHECK(output.sampleCount() <= 2 * kEngineSampleRate);
    CHECK(output.sampleCount() >= 2 * kEngineSampleRate - 240);
    // Skip the filter's start-up, then the tone must be at 1 kHz and nowhere near the unconverted pitch.
    const auto* steady = output.samples.data() + 4800;
    const std::size_t count = output.samples.size() - 9600;
    CHECK(tonePowerShare(steady, count, kEngineSampleRate, 1000.0) > 0.99);
    CHECK(tonePowerShare(steady, count, kEngineSampleRate, 1000.0 * kEngineSampleRate / inputRate) < 0.01);
    CHECK(rmsDbfs(steady, count) == Approx(rmsDbfs(input.samples.data(), input.samples.size())).margin(0.5));
}

TEST_CASE("Stereo channels stay apart through resampling", "[media][dsp]")
{
    auto resampler = Resampler::create(2, 44100, kEngineSampleRate);
    REQUIRE(resampler);
    const AudioFrame output = resampleInPieces(*resampler, tones(44100, { 1000.0, 2500.0 }, 1.0));
    const auto left = channel(output, 0);
    const auto right = channel(output, 1);
    CHECK(tonePowerShare(left.data() + 2400, left.size() - 4800, kEngineSampleRate, 1000.0) > 0.99);
    CHECK(tonePowerShare(right.data() + 2400, right.size() - 4800, kEngineSampleRate, 2500.0) > 0.99);
    CHECK(tonePowerShare(left.data() + 2400, left.size() - 4800, kEngineSampleRate, 2500.0) < 0.01);
}

TEST_CASE("Resampling down from 48 kHz halves and thirds the length", "[media][dsp]")
{
    const int outputRate = GENERATE(24000, 16000);
    auto resampler = Resampler::create(1, kEngineSampleRate, outputRate);
    REQUIRE(resampler);
    const AudioFrame output = resampleInPieces(*resampler, tones(kEngineSampleRate, { 1000.0 }, 1.0));
    CHECK(output.sampleCount() <= outputRate);
    CHECK(output.sampleCount() >= outputRate - 120);
    CHECK(
        tonePowerShare(output.samples.data() + 800, output.samples.size() - 1600, outputRate, 1000.0) > 0.99);
}

TEST_CASE(
    "The resampler refuses rates and channel counts it does not support, with a sentence", "[media][dsp]")
{
    const auto [channels, in, out] = GENERATE(table<int, int, int>({ { 0, 48000, 16000 }, { 3, 48000, 16000 },
        { 1, 7999, 48000 }, { 1, 48000, 192001 }, { 1, 0, 48000 } }));
    const auto resampler = Resampler::create(channels, in, out);
    REQUIRE_FALSE(resampler);
    CHECK(resampler.error().code == ward::ErrorCode::InvalidArgument);
    CHECK(resampler.error().message.endsWith(QLatin1Char('.')));
    CHECK(Resampler::create(1, 8000, 192000));
    CHECK(Resampler::create(2, 192000, 8000));
}

TEST_CASE(
    "Audio of another rate or layout than the resampler's gives no output rather than noise", "[media][dsp]")
{
    auto resampler = Resampler::create(1, 16000, kEngineSampleRate);
    REQUIRE(resampler);
    CHECK(resampler->process(tones(44100, { 1000.0 }, 0.01)).samples.empty());
    CHECK(resampler->process(tones(16000, { 1000.0, 500.0 }, 0.01)).samples.empty());
    CHECK_FALSE(resampler->process(tones(16000, { 1000.0 }, 0.01)).samples.empty());
}
