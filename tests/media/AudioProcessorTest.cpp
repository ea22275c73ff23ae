// Capture processing measured on synthetic signals: the echo canceller must take a simulated echo at least
// 20 dB down while keeping near-end speech, the noise suppressor must lower steady noise, automatic gain must
// lift a quiet talker, and with every stage off the microphone must pass untouched.
#include "DspTestSignals.h"

#include "media/audio/AudioAnalysis.h"
#include "media/audio/AudioProcessor.h"
#include "media/io/ToneSource.h"

#include <catch2/catch.hpp>

#include <functional>

using namespace ward::media;
using namespace ward::media::test;

namespace {

constexpr int kBlock = 480; // 10 ms
constexpr int kEchoDelaySamples = 40 * 48; // 40 ms from speaker to microphone
constexpr double kEchoGain = 0.5; // -6 dB

using Generator = std::function<AudioFrame(int)>;

struct EchoRun {
    std::vector<std::int16_t> echo; // what the microphone heard of the speaker
    std::vector<std::int16_t> microphone; // echo plus near end
    std::vector<std::int16_t> output; // after processing
    AudioProcessingStats stats;
};

AudioProcessingSettings settingsWith(bool echo, bool noise, bool gain)
{
    AudioProcessingSettings settings;
    settings.echoCancellation = echo;
    settings.noiseSuppression = noise;
    settings.automaticGain = gain;
    return settings;
}

// Plays `farEnd` to a speaker whose echo reaches the microphone with `nearEnd` (when given), block by block:
// each far-end block goes to playback() before the capture block that carries its echo.
EchoRun runEcho(const AudioProcessingSettings& settings, const Generator& farEnd, const Generator& nearEnd,
    double seconds)
{
    auto processor = AudioProcessor::create(settings);
    REQUIRE(processor);
    EchoPath path(kEchoDelaySamples, kEchoGain, { 1.0, 0.45, -0.2, 0.1, -0.05 });
    EchoRun run;
    const int blocks = static_cast<int>(seconds * 100);
    for (int b = 0; b < blocks; ++b) {
        const AudioFrame far = farEnd(kBlock);
        processor->playback(far);
        AudioFrame mic = AudioFrame::silence(kBlock);
        const auto echo = path.echo(far.samples);
        const AudioFrame near = nearEnd ? nearEnd(kBlock) : AudioFrame::silence(kBlock);
        for (int i = 0; i < kBlock; ++i) {
            mic.samples[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(
                std::clamp(echo[static_cast<std::size_t>(i)] + near.samples[static_cast<std::size_t>(i)],
                    -32768, 32767));
        }
        run.echo.insert(run.echo.end(), echo.begin(), echo.end());
        run.microphone.insert(run.microphone.end(), mic.samples.begin(), mic.samples.end());
        processor->capture(mic);
        run.output.insert(run.output.end(), mic.samples.begin(), mic.samples.end());
    }
    run.stats = processor->stats();
    return run;
}

// Echo return loss enhancement over [fromSeconds, end): how far below the echo the output stays.
double erleDb(const EchoRun& run, double fromSeconds)
{
    const auto from = static_cast<std::size_t>(fromSeconds * kEngineSampleRate);
    return decibels(
        meanSquare(run.echo, from, run.echo.size()) / meanSquare(run.output, from, run.output.size()));
}

Generator noise(std::uint64_t seed, double amplitude)
{
    auto source = std::make_shared<WhiteNoise>(seed, amplitude);
    return [source](int n) { return source->read(n); };
}

// A far-end voice: a chirp over the telephone band, loud enough that its echo swamps the microphone.
Generator chirp(double fromHz = 300.0)
{
    auto source = std::make_shared<ChirpSource>(fromHz, 3400.0, 1.3, 0.4);
    return [source](int n) { return source->read(n, 0); };
}

Generator silence()
{
    return [](int n) { return AudioFrame::silence(n); };
}

// A near-end talker: a tone that starts and stops like syllables (300 ms on, 200 ms off), after `delayBlocks`
// of silence. speexdsp's noise estimator learns a tone held for seconds as noise, and its automatic gain only
// adapts while it hears speech; a voice pauses, and so does this tone.
Generator talker(double hz, double amplitude, int delayBlocks = 0)
{
    auto source = std::make_shared<ToneSource>(hz, amplitude);
    auto block = std::make_shared<int>(-delayBlocks);
    return [source, block](int n) {
        AudioFrame frame = source->read(n, 0);
        const int b = (*block)++;
        if (b < 0 || b % 50 >= 30) {
            std::fill(frame.samples.begin(), frame.samples.end(), 0);
        }
        return frame;
    };
}

// The samples of blocks [from, to) that fall in the talker's syllables (or, with `inSyllables` false, in its
// pauses).
std::vector<std::int16_t> syllables(
    const std::vector<std::int16_t>& samples, int delayBlocks, int from, int to, bool inSyllables = true)
{
    std::vector<std::int16_t> out;
    for (int b = from; b < to; ++b) {
        if (b >= delayBlocks && ((b - delayBlocks) % 50 < 30) == inSyllables) {
            const auto first = samples.begin() + static_cast<std::ptrdiff_t>(b) * kBlock;
            out.insert(out.end(), first, first + kBlock);
        }
    }
    return out;
}

// The smallest share of `hz` in any one syllable within blocks [from, to): syllables are measured one at
// a time, since joining them would put a phase jump at every seam.
double weakestSyllableShare(
    const std::vector<std::int16_t>& samples, int delayBlocks, int from, int to, double hz)
{
    double weakest = 1.0;
    for (int b = from; b < to; ++b) {
        if (b >= delayBlocks && (b - delayBlocks) % 50 == 0 && b + 30 <= to) {
            const auto* first = samples.data() + static_cast<std::ptrdiff_t>(b) * kBlock;
            weakest = std::min(
                weakest, tonePowerShare(first, std::size_t { 30 } * kBlock, kEngineSampleRate, hz));
        }
    }
    return weakest;
}

double levelDbfs(const std::vector<std::int16_t>& samples)
{
    return rmsDbfs(samples.data(), samples.size());
}

double levelDbfs(const std::vector<std::int16_t>& samples, double fromSeconds, double toSeconds)
{
    const auto from = static_cast<std::size_t>(fromSeconds * kEngineSampleRate);
    const auto to = std::min(samples.size(), static_cast<std::size_t>(toSeconds * kEngineSampleRate));
    return rmsDbfs(samples.data() + from, to - from);
}

} // namespace

TEST_CASE("The echo canceller takes a white-noise echo at least 20 dB down after 3 s; off, the echo stays",
    "[media][dsp]")
{
    // The linear canceller alone: noise suppression would also lower a noise-like echo and hide its work.
    const auto on = runEcho(settingsWith(true, false, false), noise(7, 0.3), nullptr, 5.0);
    const double erle = erleDb(on, 3.0);
    WARN("ERLE, white noise, linear canceller alone, 3-5 s: " << erle << " dB");
    CHECK(erle >= 20.0);
    CHECK(on.stats.farEndMissing == 0);
    CHECK(on.stats.farEndDropped == 0);
    CHECK(on.stats.captureFrames == 500);
    CHECK(on.stats.playbackFrames == 500);

    const auto off = runEcho(settingsWith(false, false, false), noise(7, 0.3), nullptr, 5.0);
    CHECK(std::abs(erleDb(off, 3.0)) < 0.1);
}

TEST_CASE("With residual echo suppression a chirp's echo is at least 20 dB down after 3 s", "[media][dsp]")
{
    // A swept tone is harder for the linear filter than noise; the preprocessor, told the canceller's state,
    // removes what the filter leaves.
    const auto linear = runEcho(settingsWith(true, false, false), chirp(), nullptr, 5.0);
    const auto suppressed = runEcho(settingsWith(true, true, false), chirp(), nullptr, 5.0);
    // With automatic gain too the figure is higher still: the gain also turns a loud echo down.
    const auto everything = runEcho(settingsWith(true, true, true), chirp(), nullptr, 5.0);
    WARN("ERLE, chirp, 3-5 s: linear canceller "
        << erleDb(linear, 3.0) << " dB, with residual echo suppression " << erleDb(suppressed, 3.0)
        << " dB, every stage on " << erleDb(everything, 3.0) << " dB");
    CHECK(erleDb(suppressed, 3.0) >= 20.0);
    CHECK(erleDb(everything, 3.0) >= 20.0);
    CHECK(erleDb(suppressed, 3.0) > erleDb(linear, 3.0) + 6.0);

    // Without the canceller the noise suppressor does not take a chirp's echo for noise: the echo stays.
    const auto off = runEcho(settingsWith(false, true, false), chirp(), nullptr, 5.0);
    WARN("ERLE, chirp, canceller off, noise suppression on: " << erleDb(off, 3.0) << " dB");
    CHECK(std::abs(erleDb(off, 3.0)) < 3.0);
}

TEST_CASE("A near-end talker survives double talk while the echo is cancelled", "[media][dsp]")
{
    // 3 s of far end alone to converge, then a 440 Hz talker over a chirp sweeping 800-3400 Hz. Automatic
    // gain is off: it would move the talker's level, which is what this measures.
    constexpr int kTalkerStart = 300;
    constexpr double kTalkerAmplitude = 0.1; // -23 dBFS RMS in its syllables
    const auto run = runEcho(
        settingsWith(true, true, false), chirp(800.0), talker(440.0, kTalkerAmplitude, kTalkerStart), 6.0);
    const double shareIn = weakestSyllableShare(run.microphone, kTalkerStart, 400, 600, 440.0);
    const double shareOut = weakestSyllableShare(run.output, kTalkerStart, 400, 600, 440.0);
    const double talkerLevel = levelDbfs(syllables(run.output, kTalkerStart, 400, 600));
    const double pauseErle = decibels(
        meanSquare(syllables(run.echo, kTalkerStart, 400, 600, false), 0, std::size_t { 80 } * kBlock)
        / meanSquare(syllables(run.output, kTalkerStart, 400, 600, false), 0, std::size_t { 80 } * kBlock));
    WARN("double talk, 4-6 s: the talker's share of the power in its weakest syllable "
        << shareIn << " at the microphone, " << shareOut << " after processing; talker level " << talkerLevel
        << " dBFS; ERLE in the pauses " << pauseErle << " dB");
    CHECK(shareIn < 0.5);
    CHECK(shareOut > 0.75);
    // The talker keeps its level (within 3 dB): the canceller did not learn the talker as echo.
    CHECK(talkerLevel == Approx(-23.0).margin(3.0));
    // And in the talker's pauses the echo is still cancelled.
    CHECK(pauseErle >= 15.0);
}

TEST_CASE("Noise suppression lowers steady white noise by at least 10 dB", "[media][dsp]")
{
    const auto suppressed = runEcho(settingsWith(false, true, false), silence(), noise(3, 0.1), 4.0);
    const double before = levelDbfs(suppressed.microphone, 1.0, 4.0);
    const double after = levelDbfs(suppressed.output, 1.0, 4.0);
    WARN("noise suppression: " << before << " dBFS in, " << after << " dBFS out, after 1 s");
    CHECK(before - after >= 10.0);
    const auto passed = runEcho(settingsWith(false, false, false), silence(), noise(3, 0.1), 4.0);
    CHECK(levelDbfs(passed.output, 1.0, 4.0) == Approx(before).margin(0.01));
}

TEST_CASE("Automatic gain raises a quiet talker towards a normal level within a few seconds", "[media][dsp]")
{
    const double amplitude = 0.01 * std::sqrt(2.0); // -40 dBFS RMS in its syllables
    const auto run = runEcho(settingsWith(false, false, true), silence(), talker(1000.0, amplitude), 6.0);
    const double input = levelDbfs(syllables(run.microphone, 0, 400, 600));
    const double first = levelDbfs(syllables(run.output, 0, 0, 50));
    const double settled = levelDbfs(syllables(run.output, 0, 400, 600));
    WARN("automatic gain: talker at " << input << " dBFS; out " << first << " dBFS in the first 0.5 s, "
                                      << settled << " dBFS after 4 s");
    CHECK(input == Approx(-40.0).margin(0.1));
    CHECK(settled - input >= 10.0);
    CHECK(settled > first + 6.0);
    CHECK(settled < -12.0); // raised, not driven into clipping
    const auto syllable = syllables(run.output, 0, 400, 600);
    CHECK(tonePowerShare(syllable.data(), syllable.size(), kEngineSampleRate, 1000.0) > 0.95);
}

TEST_CASE("With every stage off the microphone passes bit for bit, from the start or switched at run time",
    "[media][dsp]")
{
    const int channels = GENERATE(1, 2);
    AudioProcessingSettings settings = settingsWith(false, false, false);
    settings.channels = channels;
    auto off = AudioProcessor::create(settings);
    settings = settingsWith(true, true, true);
    settings.channels = channels;
    auto switched = AudioProcessor::create(settings);
    REQUIRE(off);
    REQUIRE(switched);
    WhiteNoise far(1, 0.3);
    WhiteNoise near(2, 0.3);
    const auto block = [&](WhiteNoise& source) {
        AudioFrame frame = source.read(2 * kBlock * channels); // 20 ms: two blocks
        frame.channels = channels;
        return frame;
    };
    for (int i = 0; i < 50; ++i) { // 1 s with everything on: the stages change the signal
        switched->playback(block(far));
        const AudioFrame input = block(near);
        AudioFrame output = input;
        switched->capture(output);
        if (i == 49) {
            CHECK(output.samples != input.samples);
        }
    }
    switched->setEchoCancellation(false);
    switched->setNoiseSuppression(false);
    switched->setAutomaticGain(false);
    CHECK_FALSE(switched->settings().echoCancellation);
    for (int i = 0; i < 50; ++i) {
        const AudioFrame farFrame = block(far);
        off->playback(farFrame);
        switched->playback(farFrame);
        const AudioFrame input = block(near);
        AudioFrame a = input;
        AudioFrame b = input;
        off->capture(a);
        switched->capture(b);
        REQUIRE(a.samples == input.samples);
        REQUIRE(b.samples == input.samples);
    }
}

TEST_CASE(
    "A stereo processor cancels the echo of both speakers on the first microphone channel", "[media][dsp]")
{
    AudioProcessingSettings settings = settingsWith(true, false, false);
    settings.channels = 2;
    auto processor = AudioProcessor::create(settings);
    REQUIRE(processor);
    WhiteNoise leftSpeaker(21, 0.3);
    WhiteNoise rightSpeaker(22, 0.3);
    EchoPath leftPath(kEchoDelaySamples, 0.4, { 1.0, 0.3, -0.1 });
    EchoPath rightPath(kEchoDelaySamples + 96, 0.3, { 1.0, -0.4, 0.2 });
    std::vector<std::int16_t> echo;
    std::vector<std::int16_t> output;
    int channelsDiffer = 0;
    constexpr std::size_t kBlockSize = kBlock;
    constexpr std::size_t kFiveSeconds = std::size_t { 5 } * kEngineSampleRate;
    for (int b = 0; b < 700; ++b) {
        const AudioFrame left = leftSpeaker.read(kBlock);
        const AudioFrame right = rightSpeaker.read(kBlock);
        AudioFrame far = AudioFrame::silence(kBlock, 2);
        for (std::size_t i = 0; i < kBlockSize; ++i) {
            far.samples[2 * i] = left.samples[i];
            far.samples[2 * i + 1] = right.samples[i];
        }
        processor->playback(far);
        const auto leftEcho = leftPath.echo(left.samples);
        const auto rightEcho = rightPath.echo(right.samples);
        AudioFrame mic = AudioFrame::silence(kBlock, 2);
        for (std::size_t i = 0; i < kBlockSize; ++i) {
            const auto sum = static_cast<std::int16_t>(leftEcho[i] + rightEcho[i]);
            mic.samples[2 * i] = sum;
            mic.samples[2 * i + 1] = sum;
            echo.push_back(sum);
        }
        processor->capture(mic);
        for (std::size_t i = 0; i < kBlockSize; ++i) {
            const auto first = mic.samples[2 * i];
            channelsDiffer += first != mic.samples[2 * i + 1] ? 1 : 0;
            output.push_back(first);
        }
    }
    // The processed first channel is written to both.
    CHECK(channelsDiffer == 0);
    const double erle = decibels(
        meanSquare(echo, kFiveSeconds, echo.size()) / meanSquare(output, kFiveSeconds, output.size()));
    WARN("ERLE, stereo white noise, linear canceller alone, 5-7 s: " << erle << " dB");
    CHECK(erle >= 20.0);
}

TEST_CASE(
    "The far-end queue drops its oldest blocks past 50 and counts captures that found none", "[media][dsp]")
{
    auto processor = AudioProcessor::create(AudioProcessingSettings {});
    REQUIRE(processor);
    processor->playback(AudioFrame::silence(60 * kBlock)); // 600 ms at once
    CHECK(processor->stats().farEndDropped == 10);
    AudioFrame capture = AudioFrame::silence(50 * kBlock);
    processor->capture(capture); // takes all 50 queued blocks
    CHECK(processor->stats().farEndMissing == 0);
    capture = AudioFrame::silence(3 * kBlock);
    processor->capture(capture);
    CHECK(processor->stats().farEndMissing == 3);
    CHECK(processor->stats().captureFrames == 2);
    CHECK(processor->stats().playbackFrames == 1);
    // Frames at another rate or with other channels are not this processor's and are left alone.
    AudioFrame other = AudioFrame::silence(160, 1, 16000);
    other.samples[3] = 1234;
    processor->capture(other);
    CHECK(other.samples[3] == 1234);
    CHECK(processor->stats().captureFrames == 2);
}

TEST_CASE("Audio processing refuses settings it cannot run, with a sentence", "[media][dsp]")
{
    AudioProcessingSettings settings;
    settings.channels = 3;
    CHECK_FALSE(AudioProcessor::create(settings));
    settings = {};
    settings.frameSamples = 0;
    CHECK_FALSE(AudioProcessor::create(settings));
    settings = {};
    settings.echoTailMs = 5000;
    const auto refused = AudioProcessor::create(settings);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("5000 ms")));
}
