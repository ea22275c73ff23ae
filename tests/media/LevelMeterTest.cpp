// The microphone meter: a full-scale sine reads -3 dBFS RMS and 0 dBFS peak, silence reads the floor, and
// the bar falls back gradually after a peak.
#include "media/audio/LevelMeter.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace ward::media;

namespace {
AudioFrame sine(double amplitude, int sampleCount)
{
    AudioFrame frame = AudioFrame::silence(sampleCount);
    for (int i = 0; i < sampleCount; ++i) {
        frame.samples[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(
            std::lround(amplitude * std::sin(2.0 * std::numbers::pi * 1000.0 * i / kEngineSampleRate)));
    }
    return frame;
}
} // namespace

TEST_CASE("A full-scale sine reads -3 dBFS RMS and 0 dBFS peak", "[media][dsp]")
{
    LevelMeter meter;
    meter.add(sine(32767.0, 4800));
    CHECK(meter.rmsDbfs() == Approx(-3.01).margin(0.02));
    CHECK(meter.peakDbfs() == Approx(0.0).margin(0.01));
    CHECK(meter.barLevel() == Approx(1.0).margin(0.001));
}

TEST_CASE("A sine at -20 dBFS reads -20 dBFS peak and -23 dBFS RMS", "[media][dsp]")
{
    LevelMeter meter;
    meter.add(sine(3276.8, 4800));
    CHECK(meter.peakDbfs() == Approx(-20.0).margin(0.05));
    CHECK(meter.rmsDbfs() == Approx(-23.01).margin(0.05));
    CHECK(meter.barLevel() == Approx(40.0 / 60.0).margin(0.002));
}

TEST_CASE("Silence and an empty meter read the silence floor, not minus infinity", "[media][dsp]")
{
    LevelMeter meter;
    CHECK(meter.rmsDbfs() == kSilenceDbfs);
    CHECK(meter.peakDbfs() == kSilenceDbfs);
    CHECK(meter.barLevel() == 0.0F);
    meter.add(AudioFrame::silence(480));
    CHECK(meter.rmsDbfs() == kSilenceDbfs);
    CHECK(meter.peakDbfs() == kSilenceDbfs);
}

TEST_CASE("Reset starts a new measurement while the bar falls back at 20 dB a second", "[media][dsp]")
{
    LevelMeter meter;
    meter.add(sine(32767.0, 480));
    meter.reset();
    CHECK(meter.rmsDbfs() == kSilenceDbfs);
    CHECK(meter.peakDbfs() == kSilenceDbfs);
    CHECK(meter.barLevel() == Approx(1.0).margin(0.001)); // the bar remembers the peak it showed
    for (int i = 0; i < 150; ++i) { // 1.5 s of silence: 30 dB down, half the bar
        meter.add(AudioFrame::silence(480));
    }
    CHECK(meter.barLevel() == Approx(0.5).margin(0.01));
    for (int i = 0; i < 200; ++i) {
        meter.add(AudioFrame::silence(480));
    }
    CHECK(meter.barLevel() == 0.0F);
}

TEST_CASE("The most negative sample is a full-scale peak", "[media][dsp]")
{
    LevelMeter meter;
    AudioFrame frame = AudioFrame::silence(480);
    frame.samples[7] = -32768;
    meter.add(frame);
    CHECK(meter.peakDbfs() == Approx(0.0).margin(0.001));
}
