#include "devices/SpeakerOutput.h"

#include "devices/DeviceAudioFormat.h"
#include "devices/SystemDefaults.h"
#include "media/audio/Resampler.h"

#include <QIODevice>

#include <algorithm>
#include <optional>
#include <utility>

namespace ward::devices {

namespace {

// What Qt keeps queued at the device: short, because everything in it is delay the listener hears.
constexpr qint64 kDeviceBufferUs = 60000;

QString failureText(QAudio::Error error)
{
    if (error == QAudio::OpenError) {
        return QStringLiteral("The speaker could not be opened. Check that it is connected and switched on, "
                              "then try again.");
    }
    return QStringLiteral("The speaker stopped working. Check its connection, or choose another speaker.");
}

// A block in the shape the device side expects whatever the pull function returned: mono, 48 kHz, exactly
// kBlockSamples long.
media::AudioFrame conform(media::AudioFrame frame)
{
    const int samples = SpeakerOutput::kBlockSamples;
    if (frame.sampleRate != media::kEngineSampleRate || frame.channels < 1) {
        return media::AudioFrame::silence(samples);
    }
    if (frame.channels > 1) {
        const auto channels = static_cast<std::size_t>(frame.channels);
        std::vector<std::int16_t> mono(static_cast<std::size_t>(frame.sampleCount()));
        for (std::size_t i = 0; i < mono.size(); ++i) {
            int sum = 0;
            for (std::size_t c = 0; c < channels; ++c) {
                sum += frame.samples[i * channels + c];
            }
            mono[i] = static_cast<std::int16_t>(sum / frame.channels);
        }
        frame.samples = std::move(mono);
        frame.channels = 1;
    }
    frame.samples.resize(static_cast<std::size_t>(samples), 0);
    return frame;
}

// The QIODevice the sink pulls from: endless, turning engine blocks into device bytes. One per opened
// device, so its format and resampler never change under it.
class PlayoutDevice final : public QIODevice {
public:
    PlayoutDevice(const QAudioFormat& format, std::optional<media::Resampler> resampler,
        std::function<media::AudioFrame()> nextBlock, QObject* parent)
        : QIODevice(parent)
        , m_format(format)
        , m_resampler(std::move(resampler))
        , m_nextBlock(std::move(nextBlock))
    { }

    bool isSequential() const override { return true; }
    // Always something to play: silence when the pipeline has nothing.
    qint64 bytesAvailable() const override
    {
        return QIODevice::bytesAvailable() + m_pending.size() + m_format.bytesForDuration(kDeviceBufferUs);
    }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 frameBytes = m_format.bytesPerFrame();
        if (frameBytes <= 0) {
            return -1;
        }
        const qint64 wanted = maxSize / frameBytes * frameBytes;
        // Enough blocks for the request at the device's rate, and two more for the resampler's start.
        const qint64 deviceFrames = wanted / frameBytes;
        const qint64 blocks
            = deviceFrames * media::kEngineSampleRate / m_format.sampleRate() / SpeakerOutput::kBlockSamples
            + 2;
        for (qint64 i = 0; m_pending.size() < wanted && i < blocks; ++i) {
            media::AudioFrame block = m_nextBlock();
            if (m_resampler) {
                block = m_resampler->process(block);
            }
            appendFromMonoInt16(m_pending, block.samples.data(), block.samples.size(), m_format);
        }
        const qint64 n = std::min<qint64>(wanted, m_pending.size());
        std::copy_n(m_pending.constData(), n, data);
        m_pending.remove(0, n);
        return n;
    }

    qint64 writeData(const char* /*data*/, qint64 /*size*/) override { return -1; }

private:
    const QAudioFormat m_format;
    std::optional<media::Resampler> m_resampler;
    const std::function<media::AudioFrame()> m_nextBlock;
    QByteArray m_pending; // converted bytes not yet taken, whole device frames
};

} // namespace

SpeakerOutput::SpeakerOutput(PullFunction pull, QObject* parent)
    : QObject(parent)
    , m_pull(std::move(pull))
    , m_requested(engineAudioFormat())
{ }

SpeakerOutput::~SpeakerOutput()
{
    stopDevice();
}

Status SpeakerOutput::open(const QAudioDevice& device)
{
    stopDevice();
    m_wanted = true;
    m_followsDefault = device.isNull();
    m_device = m_followsDefault ? defaultAudioOutput() : device;
    m_format = QAudioFormat();
    if (m_device.isNull()) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral("No speaker or headset was found. Connect one to hear the other side."));
    }
    const QAudioFormat format = chooseDeviceFormat(m_device, m_requested);
    if (!isConvertibleFormat(format)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The speaker takes a sound format Ward cannot produce. Choose another speaker."));
    }
    std::optional<media::Resampler> resampler;
    if (format.sampleRate() != media::kEngineSampleRate) {
        auto created = media::Resampler::create(1, media::kEngineSampleRate, format.sampleRate());
        if (!created) {
            return created.error();
        }
        resampler.emplace(std::move(created).value());
    }
    m_format = format;

    m_sink = new QAudioSink(m_device, format, this);
    m_sink->setBufferSize(format.bytesForDuration(kDeviceBufferUs));
    auto* playout = new PlayoutDevice(
        format, std::move(resampler), [this] { return nextBlock(); }, m_sink);
    // Unbuffered: QIODevice would otherwise read 16 KiB ahead, a sixth of a second of delay at 48 kHz.
    playout->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    connect(m_sink, &QAudioSink::stateChanged, this, &SpeakerOutput::onStateChanged);
    m_sink->start(playout);
    if (m_sink->error() != QAudio::NoError) {
        const QAudio::Error error = m_sink->error();
        stopDevice();
        return makeError(ErrorCode::Io, failureText(error));
    }
    return {};
}

void SpeakerOutput::close()
{
    m_wanted = false;
    stopDevice();
}

void SpeakerOutput::stopDevice()
{
    if (m_sink) {
        m_sink->disconnect(this);
        m_sink->stop();
        // Not deleted here: this may run inside one of the sink's own signals.
        m_sink->deleteLater();
    }
    m_sink = nullptr;
}

media::AudioFrame SpeakerOutput::nextBlock()
{
    media::AudioFrame block
        = conform(m_pull ? m_pull(kBlockSamples) : media::AudioFrame::silence(kBlockSamples));
    std::lock_guard lock(m_tapMutex);
    if (m_tap) {
        m_tap->write(block,
            static_cast<media::MediaTime>(m_played) * media::kMicrosecondsPerSecond
                / media::kEngineSampleRate);
    }
    m_played += static_cast<std::uint64_t>(block.sampleCount());
    return block;
}

void SpeakerOutput::onStateChanged()
{
    if (!m_sink) {
        return;
    }
    const QAudio::Error error = m_sink->error();
    if (m_sink->state() != QAudio::StoppedState || error == QAudio::NoError
        || error == QAudio::UnderrunError) {
        return;
    }
    stopDevice();
    emit failed(failureText(error));
}

void SpeakerOutput::setTap(media::AudioSink* tap)
{
    std::lock_guard lock(m_tapMutex);
    m_tap = tap;
}

std::uint64_t SpeakerOutput::playedSamples() const
{
    std::lock_guard lock(m_tapMutex);
    return m_played;
}

} // namespace ward::devices
