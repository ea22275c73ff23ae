// What the device tests share: waiting on the event loop, a private PulseAudio set-up (null sinks, and
// sources that record them), a sine generator and a Goertzel measurement of one frequency.
// The PulseAudio tests run against the daemon `scripts/dev test` starts (PULSE_SERVER, with the null sink
// ward_null); they refuse to touch any other sound server, such as a desktop's own.
#pragma once

#include "media/AudioFrame.h"
#include "media/io/AudioSink.h"
#include "media/io/AudioSource.h"

#include <QAudioDevice>
#include <QByteArray>
#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace ward::test {

// Runs the event loop until `done` returns true or `timeout` passes; returns `done()`.
bool waitUntil(
    const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10));
// Runs the event loop for `duration`.
void runEventLoop(std::chrono::milliseconds duration);

// Empty when the test daemon is reachable; otherwise why not, in a sentence.
QString testSoundServerProblem();

// Loads PulseAudio modules through pactl and unloads them, and restores the default source and sink, when it
// goes.
class PulseSetup {
public:
    PulseSetup();
    ~PulseSetup();
    PulseSetup(const PulseSetup&) = delete;
    PulseSetup& operator=(const PulseSetup&) = delete;

    // A 48 kHz null sink named `sink`, and a source `sink`.mic that records what it plays. (Qt 6.4 lists no
    // monitor sources, so the monitor is remapped into an ordinary source.) False when pactl fails.
    bool addLoop(const QString& sink);
    // Unloads the loop addLoop(sink) made, as when a device is unplugged.
    bool removeLoop(const QString& sink);
    static QString micOf(const QString& sink) { return sink + QStringLiteral(".mic"); }
    bool setDefaultSource(const QString& source);
    bool setDefaultSink(const QString& sink);

private:
    struct Module {
        QString sink;
        QString index;
    };
    std::vector<Module> m_modules; // in load order
    QString m_defaultSource;
    QString m_defaultSink;
};

QString pactl(const QStringList& arguments, bool* ok = nullptr);
// The device with this id once Qt lists it (waits for it), or a null device.
QAudioDevice waitForInput(const QByteArray& id);
QAudioDevice waitForOutput(const QByteArray& id);

// Reads a source as a pipeline does: 10 ms blocks at the pace of a clock, whatever the device delivers,
// into one recording. Reading starts at construction.
class PipelineReader {
public:
    explicit PipelineReader(media::AudioSource& source);
    const std::vector<std::int16_t>& samples() const { return m_samples; }
    // The last `count` samples read (fewer if fewer were read).
    std::vector<std::int16_t> last(std::size_t count) const;
    // Waits until the last 100 ms read are (nearly) a pure tone at `frequencyHz` and returns them, or
    // returns them as they are after `timeout`. A new null sink renders its first two seconds before it
    // plays anything, so a tone takes a while to arrive.
    std::vector<std::int16_t> waitForTone(
        double frequencyHz, std::chrono::milliseconds timeout = std::chrono::seconds(15));

private:
    void readDue();

    media::AudioSource& m_source;
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::int64_t m_blocks = 0;
    std::vector<std::int16_t> m_samples;
};

// Keeps what a SpeakerOutput's tap receives (on the audio thread).
class TapRecorder final : public media::AudioSink {
public:
    void write(const media::AudioFrame& frame, media::MediaTime now) override;
    std::vector<media::AudioFrame> frames() const;
    std::vector<media::MediaTime> times() const;

private:
    mutable std::mutex m_mutex;
    std::vector<media::AudioFrame> m_frames;
    std::vector<media::MediaTime> m_times;
};

class SineGenerator {
public:
    SineGenerator(double frequencyHz, double amplitude);
    media::AudioFrame next(int samples);

private:
    double m_step;
    double m_amplitude;
    double m_phase = 0;
};

// The share of `samples`' power at `frequencyHz` (0..1); a pure tone of a whole number of cycles gives 1.
double toneShare(const std::int16_t* samples, std::size_t count, int sampleRate, double frequencyHz);
double rmsDbfs(const std::int16_t* samples, std::size_t count);

} // namespace ward::test
