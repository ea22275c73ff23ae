// The sound devices the system uses by default now. QMediaDevices answers this everywhere except under Qt
// 6.4's PulseAudio backend, whose defaults go stale (see PulseDefaults.h); on Linux, while a PulseAudio
// server answers, its own defaults decide. The adapters open these when asked for "the default", and
// DeviceFollower compares against them, so both always agree on what the default is.
//
// Threads: the GUI thread.
#pragma once

#include <QAudioDevice>

namespace ward::devices {

// `listed`, when given, is set false while the system names a default Qt does not list: one that has just
// appeared (Qt sees it a moment later) or one Qt hides (a PulseAudio monitor). The device returned is then
// QMediaDevices' stand-in.
QAudioDevice defaultAudioInput(bool* listed = nullptr);
QAudioDevice defaultAudioOutput(bool* listed = nullptr);

} // namespace ward::devices
