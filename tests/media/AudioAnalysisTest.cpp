// The measurements the other audio tests and the harness rely on: the power share of one frequency, the
// longest silence, and the level of a signal. They must be right before anything measured with them is.
#include "DspTestSignals.h"

#include "media/audio/AudioAnalysis.h"
#include "media/audio/LevelMeter.h"
#include "media/io/ToneSource.h"

#include <catch2/catch.hpp>

using namespace ward::media;
using namespace ward::media::test;

TEST_CASE("A pure tone's power is almost all at its frequency, whatever the length", "[media][dsp]")
{
    const double frequency = GENERATE(440.0, 997.0, 3150.0);
    const int length = GENERATE(4800, 12345);
    ToneSource tone(frequency, 0.5);
    const AudioFrame frame = tone.read(length, 0);
    INFO(frequency << " Hz over " << length << " samples");
    CHECK(tonePowerShare(frame.samples.data(), frame.samples.size(), kEngineSampleRate, frequency) > 0.99);
    // A frequency a few hundred hertz away holds nothing.
    CHECK(tonePowerShare(frame.samples.data(), frame.samples.size(), kEngineSampleRate, frequency + 300.0)
        < 0.001);
}

TEST_CASE("White noise has only a small share of its power at any one frequency", "[media][dsp]")
{
    WhiteNoise noise(42, 0.5);
    const AudioFrame frame = noise.read(48000);
    for (const double frequency : { 100.0, 1000.0, 5000.0, 15000.0 }) {
        CHECK(
            tonePowerShare(frame.samples.data(), frame.samples.size(), kEngineSampleRate, frequency) < 0.01);
    }
}

TEST_CASE("A tone in noise has the share of its power", "[media][dsp]")
{
    ToneSource tone(1000.0, 0.3);
    WhiteNoise noise(5, 0.3);
    AudioFrame mixed = tone.read(48000, 0);
    const AudioFrame hiss = noise.read(48000);
    for (std::size_t i = 0; i < mixed.samples.size(); ++i) {
        mixed.samples[i] = static_cast<std::int16_t>(mixed.samples[i] + hiss.samples[i]);
    }
    // Tone power A^2/2 = 0.045, uniform noise power A^2/3 = 0.03: the tone is 60% of the whole.
    CHECK(tonePowerShare(mixed.samples.data(), mixed.samples.size(), kEngineSampleRate, 1000.0)
        == Approx(0.6).margin(0.02));
}

TEST_CASE("Silence and empty input have no tone", "[media][dsp]")
{
    const std::vector<std::int16_t> zeros(4800, 0);
    CHECK(tonePowerShare(zeros.data(), zeros.size(), kEngineSampleRate, 1000.0) == 0.0);
    CHECK(tonePowerShare(nullptr, 0, kEngineSampleRate, 1000.0) == 0.0);
}

TEST_CASE("The longest silence finds a 100 ms gap in a tone", "[media][dsp]")
{
    ToneSource tone(700.0, 0.3);
    std::vector<std::int16_t> samples = tone.read(48000, 0).samples;
    const std::size_t gapStart = samples.size();
    samples.resize(samples.size() + 4800, 0); // 100 ms
    const auto after = tone.read(48000, 0).samples;
    samples.insert(samples.end(), after.begin(), after.end());
    // A tone alone has no silence; the gap reads 100 ms give or take what the 5 ms window straddles.
    CHECK(longestSilenceMs(after, kEngineSampleRate) == 0.0);
    const double gap = longestSilenceMs(samples, kEngineSampleRate);
    CHECK(gap >= 100.0);
    CHECK(gap <= 105.0);
    // Quiet noise below the threshold is silence too; a louder one is not.
    WhiteNoise hiss(9, 0.001); // about -65 dBFS
    const auto quiet = hiss.read(4800).samples;
    std::copy(quiet.begin(), quiet.end(), samples.begin() + static_cast<std::ptrdiff_t>(gapStart));
    CHECK(longestSilenceMs(samples, kEngineSampleRate) >= 100.0);
    CHECK(longestSilenceMs(samples, kEngineSampleRate, -70.0) == 0.0);
}

TEST_CASE("Silence at the end and all-silent input count to the end", "[media][dsp]")
{
    const std::vector<std::int16_t> silent(24000, 0);
    CHECK(longestSilenceMs(silent, kEngineSampleRate) == Approx(500.0));
    ToneSource tone(700.0, 0.3);
    std::vector<std::int16_t> samples = tone.read(4800, 0).samples;
    samples.resize(samples.size() + 9600, 0);
    CHECK(longestSilenceMs(samples, kEngineSampleRate) == Approx(200.0).margin(1.0));
    CHECK(longestSilenceMs({}, kEngineSampleRate) == 0.0);
}

TEST_CASE("rmsDbfs reads a sine's level and the floor for silence", "[media][dsp]")
{
    ToneSource tone(1000.0, 0.1); // peak -20 dBFS, RMS -23 dBFS
    const AudioFrame frame = tone.read(48000, 0);
    CHECK(rmsDbfs(frame.samples.data(), frame.samples.size()) == Approx(-23.01).margin(0.02));
    const std::vector<std::int16_t> zeros(100, 0);
    CHECK(rmsDbfs(zeros.data(), zeros.size()) == Approx(kSilenceDbfs));
    CHECK(rmsDbfs(nullptr, 0) == Approx(kSilenceDbfs));
}
