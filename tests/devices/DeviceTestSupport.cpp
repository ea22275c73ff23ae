#include "DeviceTestSupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMediaDevices>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ward::test {

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeout.count()) {
            return done();
        }
        runEventLoop(std::chrono::milliseconds(5));
    }
    return true;
}

void runEventLoop(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(duration);
    loop.exec();
}

QString pactl(const QStringList& arguments, bool* ok)
{
    QProcess process;
    process.start(QStringLiteral("pactl"), arguments);
    const bool finished = process.waitForFinished(10000);
    const bool good = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (ok != nullptr) {
        *ok = good;
    }
    return QString::fromUtf8(good ? process.readAllStandardOutput() : process.readAllStandardError())
        .trimmed();
}

QString testSoundServerProblem()
{
    if (qEnvironmentVariableIsEmpty("PULSE_SERVER")) {
        return QStringLiteral(
            "PULSE_SERVER is not set: run the tests through `scripts/dev test`, which starts "
            "a PulseAudio daemon with the null sink ward_null for them.");
    }
    bool ok = false;
    const QString sinks
        = pactl({ QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sinks") }, &ok);
    if (!ok) {
        return QStringLiteral("pactl cannot reach the PulseAudio daemon at PULSE_SERVER: ") + sinks;
    }
    if (!sinks.contains(QStringLiteral("ward_null"))) {
        return QStringLiteral("The PulseAudio daemon at PULSE_SERVER has no sink ward_null, so it is not the "
                              "test daemon `scripts/dev test` starts; refusing to change its devices.");
    }
    return {};
}

PulseSetup::PulseSetup()
    : m_defaultSource(pactl({ QStringLiteral("get-default-source") }))
    , m_defaultSink(pactl({ QStringLiteral("get-default-sink") }))
{ }

PulseSetup::~PulseSetup()
{
    for (auto it = m_modules.crbegin(); it != m_modules.crend(); ++it) {
        pactl({ QStringLiteral("unload-module"), it->index });
    }
    setDefaultSource(m_defaultSource);
    setDefaultSink(m_defaultSink);
}

bool PulseSetup::addLoop(const QString& sink)
{
    bool ok = false;
    const QString sinkModule = pactl({ QStringLiteral("load-module"), QStringLiteral("module-null-sink"),
                                         QStringLiteral("sink_name=") + sink, QStringLiteral("rate=48000") },
        &ok);
    if (!ok) {
        return false;
    }
    m_modules.push_back({ sink, sinkModule });
    const QString sourceModule = pactl({ QStringLiteral("load-module"), QStringLiteral("module-remap-source"),
                                           QStringLiteral("master=") + sink + QStringLiteral(".monitor"),
                                           QStringLiteral("source_name=") + micOf(sink) },
        &ok);
    if (!ok) {
        return false;
    }
    m_modules.push_back({ sink, sourceModule });
    return true;
}

bool PulseSetup::removeLoop(const QString& sink)
{
    bool all = true;
    for (auto it = m_modules.rbegin(); it != m_modules.rend(); ++it) {
        if (it->sink == sink) {
            bool ok = false;
            pactl({ QStringLiteral("unload-module"), it->index }, &ok);
            all = all && ok;
        }
    }
    std::erase_if(m_modules, [&](const Module& module) { return module.sink == sink; });
    return all;
}

bool PulseSetup::setDefaultSource(const QString& source)
{
    bool ok = false;
    pactl({ QStringLiteral("set-default-source"), source }, &ok);
    return ok;
}

bool PulseSetup::setDefaultSink(const QString& sink)
{
    bool ok = false;
    pactl({ QStringLiteral("set-default-sink"), sink }, &ok);
    return ok;
}

namespace {

QAudioDevice waitForDevice(const QByteArray& id, const std::function<QList<QAudioDevice>()>& list)
{
    QAudioDevice found;
    waitUntil([&] {
        for (const QAudioDevice& device : list()) {
            if (device.id() == id) {
                found = device;
                return true;
            }
        }
        return false;
    });
    return found;
}

} // namespace

QAudioDevice waitForInput(const QByteArray& id)
{
    return waitForDevice(id, &QMediaDevices::audioInputs);
}

QAudioDevice waitForOutput(const QByteArray& id)
{
    return waitForDevice(id, &QMediaDevices::audioOutputs);
}

PipelineReader::PipelineReader(media::AudioSource& source)
    : m_source(source)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, [this] { readDue(); });
    m_timer.start(std::chrono::milliseconds(5));
    m_clock.start();
}

void PipelineReader::readDue()
{
    constexpr int block = media::kEngineSampleRate / 100;
    const std::int64_t due = m_clock.elapsed() / 10;
    for (; m_blocks < due; ++m_blocks) {
        const media::AudioFrame frame
            = m_source.read(block, m_blocks * 10 * media::kMicrosecondsPerMillisecond);
        m_samples.insert(m_samples.end(), frame.samples.begin(), frame.samples.end());
    }
}

std::vector<std::int16_t> PipelineReader::last(std::size_t count) const
{
    const std::size_t n = std::min(count, m_samples.size());
    return { m_samples.end() - static_cast<std::ptrdiff_t>(n), m_samples.end() };
}

std::vector<std::int16_t> PipelineReader::waitForTone(double frequencyHz, std::chrono::milliseconds timeout)
{
    constexpr std::size_t window = media::kEngineSampleRate / 10;
    std::vector<std::int16_t> recent;
    waitUntil(
        [&] {
            recent = last(window);
            return recent.size() == window
                && toneShare(recent.data(), recent.size(), media::kEngineSampleRate, frequencyHz) > 0.95;
        },
        timeout);
    return recent;
}

void TapRecorder::write(const media::AudioFrame& frame, media::MediaTime now)
{
    std::lock_guard lock(m_mutex);
    m_frames.push_back(frame);
    m_times.push_back(now);
}

std::vector<media::AudioFrame> TapRecorder::frames() const
{
    std::lock_guard lock(m_mutex);
    return m_frames;
}

std::vector<media::MediaTime> TapRecorder::times() const
{
    std::lock_guard lock(m_mutex);
    return m_times;
}

SineGenerator::SineGenerator(double frequencyHz, double amplitude)
    : m_step(2 * std::numbers::pi * frequencyHz / media::kEngineSampleRate)
    , m_amplitude(amplitude)
{ }

media::AudioFrame SineGenerator::next(int samples)
{
    media::AudioFrame frame = media::AudioFrame::silence(samples);
    for (auto& sample : frame.samples) {
        sample = static_cast<std::int16_t>(std::lround(m_amplitude * 32767.0 * std::sin(m_phase)));
        m_phase = std::fmod(m_phase + m_step, 2 * std::numbers::pi);
    }
    return frame;
}

double toneShare(const std::int16_t* samples, std::size_t count, int sampleRate, double frequencyHz)
{
    // Goertzel: the squared magnitude of the one DFT bin at frequencyHz.
    const double coefficient = 2 * std::cos(2 * std::numbers::pi * frequencyHz / sampleRate);
    double previous = 0;
    double beforePrevious = 0;
    double energy = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double x = samples[i];
        const double current = x + coefficient * previous - beforePrevious;
        beforePrevious = previous;
        previous = current;
        energy += x * x;
    }
    const double power
        = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    // A sine of amplitude A over N samples has bin power (A*N/2)^2 and energy A^2*N/2.
    return energy > 0 ? 2 * power / (static_cast<double>(count) * energy) : 0;
}

double rmsDbfs(const std::int16_t* samples, std::size_t count)
{
    double sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        sum += static_cast<double>(samples[i]) * samples[i];
    }
    const double rms = count > 0 ? std::sqrt(sum / static_cast<double>(count)) : 0;
    return rms > 0 ? 20 * std::log10(rms / 32768.0) : -96.0;
}

} // namespace ward::test
