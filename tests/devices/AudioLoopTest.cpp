// A real device loop through PulseAudio: SpeakerOutput plays a tone into a null sink, MicrophoneSource
// records that sink's monitor, and the recording must hold the tone.
#include "DeviceTestSupport.h"

#include "devices/DeviceAudioFormat.h"
#include "devices/MicrophoneSource.h"
#include "devices/SpeakerOutput.h"

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::test;
using namespace std::chrono_literals;

namespace {

void requireTestSoundServer()
{
    const QString problem = testSoundServerProblem();
    INFO(problem.toStdString());
    REQUIRE(problem.isEmpty());
}

// Plays 1 kHz through a speaker on `sink` and records `sink`.mic with `microphone` until the tone arrives;
// returns the last 100 ms read.
std::vector<std::int16_t> recordLoop(devices::MicrophoneSource& microphone, const QString& sink,
    const QAudioFormat& speakerFormat = devices::engineAudioFormat())
{
    const QAudioDevice output = waitForOutput(sink.toUtf8());
    const QAudioDevice input = waitForInput(PulseSetup::micOf(sink).toUtf8());
    REQUIRE_FALSE(output.isNull());
    REQUIRE_FALSE(input.isNull());

    SineGenerator tone(1000, 0.3);
    devices::SpeakerOutput speaker([&](int samples) { return tone.next(samples); });
    speaker.setRequestedFormat(speakerFormat);
    REQUIRE(speaker.open(output).ok());
    REQUIRE(speaker.deviceFormat() == speakerFormat);
    REQUIRE(microphone.open(input).ok());
    CHECK_FALSE(microphone.followsDefault());
    CHECK(microphone.device().id() == input.id());

    PipelineReader reader(microphone);
    return reader.waitForTone(1000);
}

} // namespace

TEST_CASE(
    "a tone SpeakerOutput plays into a null sink comes back through MicrophoneSource", "[devices][audio]")
{
    requireTestSoundServer();
    PulseSetup pulse;
    REQUIRE(pulse.addLoop(QStringLiteral("ward_loop_a")));

    devices::MicrophoneSource microphone;
    const std::vector<std::int16_t> recorded = recordLoop(microphone, QStringLiteral("ward_loop_a"));
    // The device took what the engine asked for, so nothing was converted on our side.
    CHECK(microphone.deviceFormat() == devices::engineAudioFormat());

    CHECK(toneShare(recorded.data(), recorded.size(), media::kEngineSampleRate, 1000) > 0.9);
    CHECK(toneShare(recorded.data(), recorded.size(), media::kEngineSampleRate, 1500) < 0.01);
    // Amplitude 0.3 is -13.5 dBFS RMS; the loop neither loses nor adds gain.
    CHECK(rmsDbfs(recorded.data(), recorded.size()) == Approx(-13.5).margin(1.5));
    // The meter heard it whether or not anyone read.
    CHECK(microphone.levelMeter().peakDbfs() == Approx(-10.5).margin(1.5));
}

TEST_CASE(
    "MicrophoneSource converts a float stereo device format to the engine's mono samples", "[devices][audio]")
{
    requireTestSoundServer();
    PulseSetup pulse;
    REQUIRE(pulse.addLoop(QStringLiteral("ward_loop_f")));

    QAudioFormat stereoFloat;
    stereoFloat.setSampleRate(media::kEngineSampleRate);
    stereoFloat.setChannelCount(2);
    stereoFloat.setSampleFormat(QAudioFormat::Float);
    devices::MicrophoneSource microphone;
    microphone.setRequestedFormat(stereoFloat);
    const std::vector<std::int16_t> recorded = recordLoop(microphone, QStringLiteral("ward_loop_f"));
    REQUIRE(microphone.deviceFormat() == stereoFloat);

    CHECK(toneShare(recorded.data(), recorded.size(), media::kEngineSampleRate, 1000) > 0.9);
    CHECK(rmsDbfs(recorded.data(), recorded.size()) == Approx(-13.5).margin(1.5));
}

TEST_CASE("speaker and microphone resample devices that run at other rates", "[devices][audio]")
{
    requireTestSoundServer();
    PulseSetup pulse;
    REQUIRE(pulse.addLoop(QStringLiteral("ward_loop_r")));

    // The speaker's device at 44.1 kHz stereo float, the microphone's at 32 kHz stereo 32-bit.
    QAudioFormat speakerFormat;
    speakerFormat.setSampleRate(44100);
    speakerFormat.setChannelCount(2);
    speakerFormat.setSampleFormat(QAudioFormat::Float);
    QAudioFormat microphoneFormat;
    microphoneFormat.setSampleRate(32000);
    microphoneFormat.setChannelCount(2);
    microphoneFormat.setSampleFormat(QAudioFormat::Int32);
    devices::MicrophoneSource microphone;
    microphone.setRequestedFormat(microphoneFormat);
    const std::vector<std::int16_t> recorded
        = recordLoop(microphone, QStringLiteral("ward_loop_r"), speakerFormat);
    REQUIRE(microphone.deviceFormat() == microphoneFormat);

    CHECK(toneShare(recorded.data(), recorded.size(), media::kEngineSampleRate, 1000) > 0.9);
    CHECK(rmsDbfs(recorded.data(), recorded.size()) == Approx(-13.5).margin(1.5));
}

TEST_CASE(
    "SpeakerOutput asks the pipeline in 10 ms blocks and its tap sees every block played", "[devices][audio]")
{
    requireTestSoundServer();
    PulseSetup pulse;
    REQUIRE(pulse.addLoop(QStringLiteral("ward_loop_t")));
    const QAudioDevice output = waitForOutput("ward_loop_t");
    REQUIRE_FALSE(output.isNull());

    SineGenerator tone(1000, 0.3);
    std::vector<int> asked;
    devices::SpeakerOutput speaker([&](int samples) {
        asked.push_back(samples);
        return tone.next(samples);
    });
    TapRecorder tap;
    speaker.setTap(&tap);
    REQUIRE(speaker.open(output).ok());
    REQUIRE(waitUntil([&] { return speaker.playedSamples() >= 24000; }));
    speaker.setTap(nullptr);
    speaker.close();

    const std::vector<media::AudioFrame> frames = tap.frames();
    const std::vector<media::MediaTime> times = tap.times();
    REQUIRE(frames.size() >= 50);
    CHECK(std::all_of(
        asked.begin(), asked.end(), [](int n) { return n == devices::SpeakerOutput::kBlockSamples; }));
    // The tap holds exactly what the pipeline handed over, in order, on a 10 ms timeline.
    SineGenerator expected(1000, 0.3);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        INFO("block " << i);
        REQUIRE(frames[i].samples == expected.next(devices::SpeakerOutput::kBlockSamples).samples);
        REQUIRE(times[i] == static_cast<media::MediaTime>(i) * 10 * media::kMicrosecondsPerMillisecond);
    }
}

TEST_CASE("MicrophoneSource gives silence and counts an underrun when it has too little", "[devices][audio]")
{
    devices::MicrophoneSource microphone;
    const media::AudioFrame first = microphone.read(480, 1000);
    CHECK(first.sampleCount() == 480);
    CHECK(first.sampleRate == media::kEngineSampleRate);
    CHECK(std::all_of(first.samples.begin(), first.samples.end(), [](std::int16_t s) { return s == 0; }));
    CHECK(first.timestamp == 0);
    CHECK(first.captureTime == 1000);
    CHECK(microphone.underruns() == 1);

    // The timeline goes on through silence.
    const media::AudioFrame second = microphone.read(960, 11000);
    CHECK(second.sampleCount() == 960);
    CHECK(second.timestamp == 480);
    CHECK(microphone.underruns() == 2);
}
