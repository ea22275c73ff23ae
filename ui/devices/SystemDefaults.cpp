#include "devices/SystemDefaults.h"

#include <QMediaDevices>

#ifdef WARD_PULSE_DEFAULTS
#include "devices/PulseDefaults.h"
#endif

namespace ward::devices {

namespace {

// The listed device called `id`; null when Qt does not list it (Qt hides PulseAudio's monitor sources, for
// one).
QAudioDevice listed(const QList<QAudioDevice>& devices, const QByteArray& id)
{
    for (const QAudioDevice& device : devices) {
        if (!id.isEmpty() && device.id() == id) {
            return device;
        }
    }
    return {};
}

} // namespace

QAudioDevice defaultAudioInput()
{
#ifdef WARD_PULSE_DEFAULTS
    if (const auto names = PulseDefaults::instance().current()) {
        if (QAudioDevice device = listed(QMediaDevices::audioInputs(), names->source); !device.isNull()) {
            return device;
        }
    }
#endif
    return QMediaDevices::defaultAudioInput();
}

QAudioDevice defaultAudioOutput()
{
#ifdef WARD_PULSE_DEFAULTS
    if (const auto names = PulseDefaults::instance().current()) {
        if (QAudioDevice device = listed(QMediaDevices::audioOutputs(), names->sink); !device.isNull()) {
            return device;
        }
    }
#endif
    return QMediaDevices::defaultAudioOutput();
}

} // namespace ward::devices
