// Synthetic sources: a tone at its frequency and level, a chirp that sweeps up and back down, timestamps that
// count samples, and the same samples on every run.
#include "media/io/ToneSource.h"
#include "media/audio/AudioAnalysis.h"

#include <catch2/catch.hpp>

using namespace ward::media;

TEST_CASE("A tone source gives its frequency at its level, with timestamps counting samples", "[media][dsp]")
{
    ToneSource tone(1000.0, 0.3);
    const AudioFrame first = tone.read(480, 1000);
    const AudioFrame second = tone.read(960, 2000);
    CHECK(first.sampleRate == kEngineSampleRate);
    CHECK(first.channels == 1);
    CHECK(first.timestamp == 0);
    CHECK(first.captureTime == 1000);
    CHECK(second.timestamp == 480);
    CHECK(second.captureTime == 2000);
    CHECK(second.sampleCount() == 960);
    CHECK(tone.read(0, 3000).timestamp == 1440);
    const AudioFrame longer = tone.read(48000, 4000);
    CHECK(tonePowerShare(longer.samples.data(), longer.samples.size(), kEngineSampleRate, 1000.0) > 0.999);
    CHECK(rmsDbfs(longer.samples.data(), longer.samples.size()) == Approx(-13.47).margin(0.05));
    // The phase runs on across reads: no click where one frame meets the next.
    ToneSource whole(1000.0, 0.3);
    const AudioFrame joined = whole.read(1440, 0);
    CHECK(std::equal(first.samples.begin(), first.samples.end(), joined.samples.begin()));
    CHECK(std::equal(second.samples.begin(), second.samples.end(), joined.samples.begin() + 480));
}

TEST_CASE("A chirp sweeps from its start frequency to its end and back", "[media][dsp]")
{
    ChirpSource chirp(300.0, 3300.0, 1.0, 0.3);
    const AudioFrame frame = chirp.read(2 * kEngineSampleRate, 0);
    // 10 ms windows at a quarter of each sweep: 1050 Hz going up at 0.25 s, coming down at 1.75 s.
    const auto at
        = [&](double seconds) { return frame.samples.data() + static_cast<int>(seconds * 48000) - 240; };
    CHECK(tonePowerShare(at(0.25), 480, kEngineSampleRate, 1050.0) > 0.9);
    CHECK(tonePowerShare(at(0.75), 480, kEngineSampleRate, 2550.0) > 0.9);
    CHECK(tonePowerShare(at(1.25), 480, kEngineSampleRate, 2550.0) > 0.9);
    CHECK(tonePowerShare(at(1.75), 480, kEngineSampleRate, 1050.0) > 0.9);
    CHECK(tonePowerShare(at(0.75), 480, kEngineSampleRate, 1050.0) < 0.01);
    CHECK(chirp.read(480, 5).timestamp == 2 * kEngineSampleRate);

    ChirpSource again(300.0, 3300.0, 1.0, 0.3);
    CHECK(again.read(2 * kEngineSampleRate, 0).samples == frame.samples);
}

TEST_CASE("Amplitudes outside 0..1 are clamped rather than wrapping", "[media][dsp]")
{
    ToneSource loud(1000.0, 5.0);
    const AudioFrame frame = loud.read(4800, 0);
    CHECK(*std::max_element(frame.samples.begin(), frame.samples.end()) == 32767);
    CHECK(*std::min_element(frame.samples.begin(), frame.samples.end()) == -32767);
}
