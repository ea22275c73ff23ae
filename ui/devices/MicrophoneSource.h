// The microphone as the pipeline's AudioSource: a QAudioSource on one QAudioDevice (or the system default),
// asked for 48 kHz mono Int16 and converted from whatever the device gives instead (sample format, channels
// mixed down, rate through media::Resampler). A bounded ring sits between the device and read(): when the
// pipeline asks for more than is there it gets silence and an underrun is counted, so a slow or reopened
// device never stalls the call; after an underrun, reading waits (in silence) until the ring holds a small
// cushion again, because devices deliver in bursts and reading each burst down to nothing would underrun on
// every frame. Reopening on another device keeps the ring and the timeline.
//
// Threads: open(), close(), device(), followsDefault(), isActive() and deviceFormat() belong to the thread
// the object lives in (the GUI thread); the device's data arrives there too. read() is the pipeline's, from
// any one thread. levelMeter(), resetLevel(), underruns(), droppedSamples() and bufferedSamples() may be
// called from any thread. m_mutex guards the ring, the meter and the counters; no signal is emitted with it
// held.
#pragma once

#include "common/Result.h"
#include "devices/AudioRing.h"
#include "media/audio/LevelMeter.h"
#include "media/audio/Resampler.h"
#include "media/io/AudioSource.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSource>
#include <QObject>
#include <QPointer>

#include <cstdint>
#include <mutex>
#include <optional>

namespace ward::devices {

class MicrophoneSource final : public QObject, public media::AudioSource {
    Q_OBJECT
public:
    static constexpr int kDefaultBufferMs = 200;
    static constexpr int kCushionMs = 40;

    // `bufferMs` bounds the ring (and so the delay); at least twice kCushionMs.
    explicit MicrophoneSource(int bufferMs = kDefaultBufferMs, QObject* parent = nullptr);
    ~MicrophoneSource() override;

    // Starts capturing from `device`; a null device means the system default, which DeviceFollower then
    // follows. Replaces a device already open. On failure nothing captures, but the source stays wanted, so
    // a follower opens it once a device appears.
    Status open(const QAudioDevice& device = {});
    void close();
    // What to ask the device for; engineAudioFormat() unless changed (tests use other formats to exercise
    // the conversions). Takes effect at the next open().
    void setRequestedFormat(const QAudioFormat& format) { m_requested = format; }

    QAudioDevice device() const { return m_device; }
    bool followsDefault() const { return m_followsDefault; }
    // open() was called and close() was not, whether or not a device is capturing now.
    bool isActive() const { return m_wanted; }
    QAudioFormat deviceFormat() const { return m_format; }

    media::AudioFrame read(int sampleCount, media::MediaTime now) override;

    // The microphone's level over what arrived since the last reset, whether or not the pipeline reads.
    media::LevelMeter levelMeter() const;
    void resetLevel();
    std::uint64_t underruns() const;
    // Samples the ring dropped because the pipeline did not read them in time.
    std::uint64_t droppedSamples() const;
    std::size_t bufferedSamples() const;

signals:
    // A plain sentence: the device could not be opened or stopped working.
    void failed(const QString& message);

private:
    void onReadyRead();
    void onStateChanged();
    void stopDevice();
    void deliver(const media::AudioFrame& frame);

    // Device side (the object's thread).
    QAudioFormat m_requested;
    QAudioDevice m_device;
    QAudioFormat m_format;
    bool m_followsDefault = true;
    bool m_wanted = false;
    QPointer<QAudioSource> m_source; // a child, deleted later when replaced
    QPointer<QIODevice> m_input;
    QByteArray m_partial; // bytes of an incomplete device frame
    std::optional<media::Resampler> m_resampler;

    // Pipeline side.
    std::uint32_t m_timestamp = 0;

    mutable std::mutex m_mutex;
    AudioRing m_ring;
    bool m_refilling = true; // at the start and after an underrun, until the cushion is back
    media::LevelMeter m_meter;
    std::uint64_t m_underruns = 0;
    std::uint64_t m_dropped = 0;
};

} // namespace ward::devices
