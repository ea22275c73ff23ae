// Keeps the microphone, speaker and camera on a device that exists: when the device in use disappears, or the
// system default changes while an adapter follows the default, the adapter is reopened on the new default
// without ending anything (the pipeline keeps reading; the gap is silence or a held picture), and
// deviceChanged() names the new device for the UI. An adapter that loses its only device stays wanted and is
// reopened when one appears. Qt 6.4's PulseAudio backend does not announce device changes through
// QMediaDevices (nor keep its defaults current: SystemDefaults.h), so besides QMediaDevices' signals the
// follower also compares on a timer.
//
// Threads: everything here, and the adapters it moves, belong to the GUI thread.
#pragma once

#include <QMediaDevices>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>

namespace ward::devices {

class CameraSource;
class MicrophoneSource;
class SpeakerOutput;

class DeviceFollower : public QObject {
    Q_OBJECT
public:
    enum class Kind { Microphone, Speaker, Camera };
    Q_ENUM(Kind)

    static constexpr std::chrono::milliseconds kDefaultPollInterval { 1000 };

    explicit DeviceFollower(QObject* parent = nullptr);

    // The adapters to keep on a device; null to stop following one. Not owned.
    void setMicrophone(MicrophoneSource* microphone);
    void setSpeaker(SpeakerOutput* speaker);
    void setCamera(CameraSource* camera);
    // Zero relies on QMediaDevices' signals alone.
    void setPollInterval(std::chrono::milliseconds interval);

    // Compares every followed adapter's device with the devices present now and moves what must move.
    void check();

signals:
    // `kind` now uses the device described by `description`.
    void deviceChanged(DeviceFollower::Kind kind, const QString& description);
    // `kind` has no device left; `message` says what to do.
    void deviceLost(DeviceFollower::Kind kind, const QString& message);

private:
    // `defaultListed` false: the system's default is a device Qt does not list yet, so `systemDefault` is
    // only a stand-in to fall back on when the adapter's own device is gone.
    template <typename Adapter, typename Device>
    void follow(Adapter* adapter, Kind kind, const QList<Device>& present, const Device& systemDefault,
        bool defaultListed = true);

    QMediaDevices m_devices;
    QTimer m_poll;
    QPointer<MicrophoneSource> m_microphone;
    QPointer<SpeakerOutput> m_speaker;
    QPointer<CameraSource> m_camera;
};

} // namespace ward::devices
