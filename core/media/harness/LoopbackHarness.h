// `wardctl media loopback`: a sender's pipeline, protected packets, a simulated network and a receiver's
// pipeline in one process, on a simulated clock stepped a millisecond at a time, so a minute of media runs
// in seconds and the same seed gives the same run. Both sides are real MediaSessions over a real
// PacketSession pair; only the network and the clock are simulated.
#pragma once

#include "common/Result.h"
#include "media/harness/LoopbackReport.h"
#include "media/harness/LoopbackSettings.h"

#include <functional>

namespace ward::media {

// Called once per simulated second with the seconds done so far.
using LoopbackProgress = std::function<void(int done, int total)>;

Result<LoopbackReport> runLoopback(const LoopbackSettings& settings, const LoopbackProgress& progress = {});

} // namespace ward::media
