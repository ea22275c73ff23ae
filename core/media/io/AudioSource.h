// Where a pipeline's outgoing audio comes from: a microphone adapter, a tone, a chirp or a WAV file. The
// pipeline pulls one frame at a time at engine rate; a source that has nothing (a device that underran, a
// file at its end) returns silence and says so, so the call's timeline never stalls.
#pragma once

#include "media/AudioFrame.h"

namespace ward::media {

class AudioSource {
public:
    virtual ~AudioSource() = default;
    // The next `sampleCount` samples per channel, at kEngineSampleRate, captured at `now`.
    virtual AudioFrame read(int sampleCount, MediaTime now) = 0;
    virtual int channels() const { return 1; }
    // A file source at its end; live and synthetic sources never finish.
    virtual bool finished() const { return false; }
};

} // namespace ward::media
