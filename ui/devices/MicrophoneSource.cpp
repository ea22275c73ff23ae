#include "devices/MicrophoneSource.h"

#include "devices/DeviceAudioFormat.h"
#include "devices/SystemDefaults.h"

#include <algorithm>
#include <utility>

namespace ward::devices {

namespace {

// What Qt keeps on its side of the device: short, so the ring (and its bound) decides the delay.
constexpr qint64 kDeviceBufferUs = 40000;

QString failureText(QAudio::Error error)
{
    if (error == QAudio::OpenError) {
        return QStringLiteral(
            "The microphone could not be opened. Check that it is connected and that no other "
            "program holds it, then try again.");
    }
    return QStringLiteral(
        "The microphone stopped working. Check its connection, or choose another microphone.");
}

} // namespace

MicrophoneSource::MicrophoneSource(int bufferMs, QObject* parent)
    : QObject(parent)
    , m_requested(engineAudioFormat())
    , m_ring(static_cast<std::size_t>(std::max(bufferMs, 2 * kCushionMs)) * media::kEngineSampleRate / 1000)
{ }

MicrophoneSource::~MicrophoneSource()
{
    stopDevice();
}

Status MicrophoneSource::open(const QAudioDevice& device)
{
    stopDevice();
    m_wanted = true;
    m_followsDefault = device.isNull();
    m_device = m_followsDefault ? defaultAudioInput() : device;
    m_format = QAudioFormat();
    if (m_device.isNull()) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral(
                "No microphone was found. Connect one, or continue without sound from your side."));
    }
    const QAudioFormat format = chooseDeviceFormat(m_device, m_requested);
    if (!isConvertibleFormat(format)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "The microphone offers a sound format Ward cannot use. Choose another microphone."));
    }
    m_resampler.reset();
    if (format.sampleRate() != media::kEngineSampleRate) {
        auto resampler = media::Resampler::create(1, format.sampleRate(), media::kEngineSampleRate);
        if (!resampler) {
            return resampler.error();
        }
        m_resampler.emplace(std::move(resampler).value());
    }
    m_format = format;

    m_source = new QAudioSource(m_device, format, this);
    m_source->setBufferSize(format.bytesForDuration(kDeviceBufferUs));
    connect(m_source, &QAudioSource::stateChanged, this, &MicrophoneSource::onStateChanged);
    m_input = m_source->start();
    if (!m_input || m_source->error() != QAudio::NoError) {
        const QAudio::Error error = m_source->error();
        stopDevice();
        return makeError(ErrorCode::Io, failureText(error == QAudio::NoError ? QAudio::OpenError : error));
    }
    connect(m_input, &QIODevice::readyRead, this, &MicrophoneSource::onReadyRead);
    return {};
}

void MicrophoneSource::close()
{
    m_wanted = false;
    stopDevice();
}

void MicrophoneSource::stopDevice()
{
    if (m_source) {
        m_source->disconnect(this);
        if (m_input) {
            m_input->disconnect(this);
        }
        m_source->stop();
        // Not deleted here: this may run inside one of the source's own signals.
        m_source->deleteLater();
    }
    m_source = nullptr;
    m_input = nullptr;
    m_partial.clear();
}

void MicrophoneSource::onReadyRead()
{
    if (!m_input) {
        return;
    }
    m_partial.append(m_input->readAll());
    const qsizetype frameBytes = m_format.bytesPerFrame();
    const qsizetype whole = frameBytes > 0 ? m_partial.size() / frameBytes * frameBytes : 0;
    if (whole == 0) {
        return;
    }
    media::AudioFrame frame;
    frame.sampleRate = m_format.sampleRate();
    frame.samples = toMonoInt16(m_partial.constData(), static_cast<std::size_t>(whole), m_format);
    m_partial.remove(0, whole);
    if (m_resampler) {
        frame = m_resampler->process(frame);
    }
    deliver(frame);
}

void MicrophoneSource::deliver(const media::AudioFrame& frame)
{
    std::lock_guard lock(m_mutex);
    m_dropped += m_ring.push(frame.samples.data(), frame.samples.size());
    m_meter.add(frame);
}

void MicrophoneSource::onStateChanged()
{
    if (!m_source) {
        return;
    }
    const QAudio::Error error = m_source->error();
    // An underrun only means the device had nothing for a moment; the ring covers that.
    if (m_source->state() != QAudio::StoppedState || error == QAudio::NoError
        || error == QAudio::UnderrunError) {
        return;
    }
    stopDevice();
    emit failed(failureText(error));
}

media::AudioFrame MicrophoneSource::read(int sampleCount, media::MediaTime now)
{
    media::AudioFrame frame = media::AudioFrame::silence(std::max(sampleCount, 0));
    if (!frame.samples.empty()) {
        std::lock_guard lock(m_mutex);
        constexpr std::size_t cushion = std::size_t { kCushionMs } * media::kEngineSampleRate / 1000;
        if (m_refilling && m_ring.size() >= std::max(cushion, frame.samples.size())) {
            m_refilling = false;
        }
        if (m_refilling || !m_ring.pop(frame.samples.data(), frame.samples.size())) {
            m_refilling = true;
            ++m_underruns;
        }
    }
    frame.timestamp = m_timestamp;
    frame.captureTime = now;
    m_timestamp += static_cast<std::uint32_t>(frame.sampleCount());
    return frame;
}

media::LevelMeter MicrophoneSource::levelMeter() const
{
    std::lock_guard lock(m_mutex);
    return m_meter;
}

void MicrophoneSource::resetLevel()
{
    std::lock_guard lock(m_mutex);
    m_meter.reset();
}

std::uint64_t MicrophoneSource::underruns() const
{
    std::lock_guard lock(m_mutex);
    return m_underruns;
}

std::uint64_t MicrophoneSource::droppedSamples() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

std::size_t MicrophoneSource::bufferedSamples() const
{
    std::lock_guard lock(m_mutex);
    return m_ring.size();
}

} // namespace ward::devices
