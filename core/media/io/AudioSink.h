// Where played-out audio goes when something records it: a WAV file in the harness, a level meter, the echo
// canceller's far-end input. A speaker adapter instead pulls from the playout (pipeline/AudioPlayout.h).
#pragma once

#include "media/AudioFrame.h"

namespace ward::media {

class AudioSink {
public:
    virtual ~AudioSink() = default;
    // `frame` was played out at `now` (its first sample).
    virtual void write(const AudioFrame& frame, MediaTime now) = 0;
};

} // namespace ward::media
