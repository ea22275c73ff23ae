// The media options wardctl shares between `media loopback` and the visit commands: where audio and video
// come from, how long, and where the far side's playout is recorded; for the loopback also the simulated
// network. Each reader returns a usage sentence when an option's value is wrong.
#pragma once

#include "Arguments.h"
#include "media/VideoFrame.h"
#include "media/harness/LoopbackSettings.h"

#include <QSet>
#include <QString>

#include <optional>

namespace ward::ctl {

// The options that take a value and the flags of the media sources and recordings.
QSet<QString> mediaValueOptions();
QSet<QString> mediaFlagOptions();
// The options of the simulated network (loopback only).
QSet<QString> networkValueOptions();

std::optional<QString> readMediaOptions(const Arguments& args, media::LoopbackSettings& settings);
std::optional<QString> readNetworkOptions(const Arguments& args, media::LoopbackSettings& settings);

} // namespace ward::ctl
