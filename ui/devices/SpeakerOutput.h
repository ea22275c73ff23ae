// The speaker: a QAudioSink in pull mode whose QIODevice asks the pipeline for audio in 10 ms blocks through
// a function the pipeline supplies, and converts each block to the device's format (rate through
// media::Resampler, the mono signal on every channel, the device's sample format). A tap may receive every
// block as it goes to the device, for the echo canceller's far end. Reopening on another device keeps the
// pull function, the tap and the played timeline; the pipeline never notices beyond a short pause.
//
// Threads: open(), close(), device(), followsDefault(), isActive() and deviceFormat() belong to the thread
// the object lives in (the GUI thread). The pull function and the tap are called on the thread Qt's audio
// backend reads from (with PulseAudio, the object's thread; elsewhere an audio thread). setTap() and
// playedSamples() may be called from any thread; m_tapMutex guards the tap and the played count and is held
// while the tap runs (so setTap(nullptr) returns only once the tap is no longer in use), so the tap must not
// call back into this object. No signal is emitted with it held.
#pragma once

#include "common/Result.h"
#include "media/AudioFrame.h"
#include "media/io/AudioSink.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QObject>
#include <QPointer>

#include <cstdint>
#include <functional>
#include <mutex>

namespace ward::devices {

class SpeakerOutput final : public QObject {
    Q_OBJECT
public:
    // Returns `samples` samples of mono 48 kHz audio to play next (silence when the pipeline has none).
    using PullFunction = std::function<media::AudioFrame(int samples)>;
    static constexpr int kBlockSamples = media::kEngineSampleRate / 100;

    explicit SpeakerOutput(PullFunction pull, QObject* parent = nullptr);
    ~SpeakerOutput() override;

    // Starts playing to `device`; a null device means the system default, which DeviceFollower then follows.
    // Replaces a device already open. On failure nothing plays, but the output stays wanted, so a follower
    // opens it once a device appears.
    Status open(const QAudioDevice& device = {});
    void close();

    // What to ask the device for; engineAudioFormat() unless changed (tests use other formats to exercise
    // the conversions). Takes effect at the next open().
    void setRequestedFormat(const QAudioFormat& format) { m_requested = format; }

    QAudioDevice device() const { return m_device; }
    bool followsDefault() const { return m_followsDefault; }
    bool isActive() const { return m_wanted; }
    QAudioFormat deviceFormat() const { return m_format; }

    // Every block the device is given, at 48 kHz mono, with `now` on the output's own timeline: the
    // microseconds of audio handed to devices since construction. Null to stop.
    void setTap(media::AudioSink* tap);
    std::uint64_t playedSamples() const;

signals:
    // A plain sentence: the device could not be opened or stopped working.
    void failed(const QString& message);

private:
    media::AudioFrame nextBlock();
    void onStateChanged();
    void stopDevice();

    const PullFunction m_pull;
    QAudioFormat m_requested;

    QAudioDevice m_device;
    QAudioFormat m_format;
    bool m_followsDefault = true;
    bool m_wanted = false;
    QPointer<QAudioSink> m_sink; // a child, deleted later when replaced; owns the QIODevice it pulls from

    mutable std::mutex m_tapMutex;
    media::AudioSink* m_tap = nullptr;
    std::uint64_t m_played = 0;
};

} // namespace ward::devices
