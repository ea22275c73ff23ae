#include "devices/DeviceFollower.h"

#include "devices/CameraSource.h"
#include "devices/MicrophoneSource.h"
#include "devices/SpeakerOutput.h"
#include "devices/SystemDefaults.h"

#include <QAudioDevice>
#include <QCameraDevice>

#include <algorithm>

namespace ward::devices {

DeviceFollower::DeviceFollower(QObject* parent)
    : QObject(parent)
{
    connect(&m_devices, &QMediaDevices::audioInputsChanged, this, &DeviceFollower::check);
    connect(&m_devices, &QMediaDevices::audioOutputsChanged, this, &DeviceFollower::check);
    connect(&m_devices, &QMediaDevices::videoInputsChanged, this, &DeviceFollower::check);
    connect(&m_poll, &QTimer::timeout, this, &DeviceFollower::check);
    setPollInterval(kDefaultPollInterval);
}

void DeviceFollower::setMicrophone(MicrophoneSource* microphone)
{
    m_microphone = microphone;
}

void DeviceFollower::setSpeaker(SpeakerOutput* speaker)
{
    m_speaker = speaker;
}

void DeviceFollower::setCamera(CameraSource* camera)
{
    m_camera = camera;
}

void DeviceFollower::setPollInterval(std::chrono::milliseconds interval)
{
    if (interval.count() <= 0) {
        m_poll.stop();
        return;
    }
    m_poll.start(interval);
}

void DeviceFollower::check()
{
    // Each adapter is looked at on its own: a signal from one may have been emitted while another moved.
    bool inputListed = true;
    const QAudioDevice input = defaultAudioInput(&inputListed);
    follow(m_microphone.data(), Kind::Microphone, QMediaDevices::audioInputs(), input, inputListed);
    bool outputListed = true;
    const QAudioDevice output = defaultAudioOutput(&outputListed);
    follow(m_speaker.data(), Kind::Speaker, QMediaDevices::audioOutputs(), output, outputListed);
    follow(m_camera.data(), Kind::Camera, QMediaDevices::videoInputs(), QMediaDevices::defaultVideoInput());
}

template <typename Adapter, typename Device>
void DeviceFollower::follow(Adapter* adapter, Kind kind, const QList<Device>& present,
    const Device& systemDefault, bool defaultListed)
{
    if (adapter == nullptr || !adapter->isActive()) {
        return;
    }
    const Device current = adapter->device();
    const bool stillThere = !current.isNull()
        && std::any_of(present.begin(), present.end(),
            [&](const Device& device) { return device.id() == current.id(); });
    // A new default Qt does not list yet is not worth a move to a stand-in: the next look will see it.
    const bool towardsDefault = adapter->followsDefault() && (defaultListed || !stillThere);
    const bool move = towardsDefault ? current.id() != systemDefault.id() : !stillThere;
    if (!move) {
        return;
    }
    // A chosen device that went away hands over to the default, which is then followed.
    const Status opened = adapter->open(Device());
    if (opened) {
        emit deviceChanged(kind, adapter->device().description());
    } else {
        emit deviceLost(kind, opened.error().message);
    }
}

} // namespace ward::devices
