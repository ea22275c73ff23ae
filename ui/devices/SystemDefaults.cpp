#include "devices/SystemDefaults.h"

#include <QMediaDevices>

#ifdef WARD_PULSE_DEFAULTS
#include "devices/PulseDefaults.h"
#endif

namespace ward::devices {

namespace {

// The listed device called `id`; null when Qt does not list it (Qt hides PulseAudio's monitor sources, for
// one).
QAudioDevice find(const QList<QAudioDevice>& devices, const QByteArray& id)
{
    for (const QAudioDevice& device : devices) {
        if (device.id() == id) {
            return device;
        }
    }
    return {};
}

} // namespace

QAudioDevice defaultAudioInput(bool* listed)
{
    if (listed != nullptr) {
        *listed = true;
    }
#ifdef WARD_PULSE_DEFAULTS
    if (const auto names = PulseDefaults::instance().current(); names && !names->source.isEmpty()) {
        if (QAudioDevice device = find(QMediaDevices::audioInputs(), names->source); !device.isNull()) {
            return device;
        }
        if (listed != nullptr) {
            *listed = false;
        }
    }
#endif
    return QMediaDevices::defaultAudioInput();
}

QAudioDevice defaultAudioOutput(bool* listed)
{
    if (listed != nullptr) {
        *listed = true;
    }
#ifdef WARD_PULSE_DEFAULTS
    if (const auto names = PulseDefaults::instance().current(); names && !names->sink.isEmpty()) {
        if (QAudioDevice device = find(QMediaDevices::audioOutputs(), names->sink); !device.isNull()) {
            return device;
        }
        if (listed != nullptr) {
            *listed = false;
        }
    }
#endif
    return QMediaDevices::defaultAudioOutput();
}

} // namespace ward::devices
