// The receiver's audio as a listener hears it: every playout frame goes to the recording (when there is
// one), its capture-to-playout delay is taken from the sender timestamp it stands for (plus the codec's
// look-ahead, by which decoded audio trails its input), and the samples are kept for the silence check.
#pragma once

#include "media/audio/AudioJitterBuffer.h"
#include "media/harness/LoopbackReport.h"
#include "media/io/AudioSink.h"

#include <cstdint>
#include <vector>

namespace ward::media {

class PlayoutAudioMeter {
public:
    // `captureStart` is the capture time of sender timestamp 0.
    PlayoutAudioMeter(int lookaheadSamples, MediaTime captureStart, AudioSink* recording);

    void played(const PlayoutFrame& frame, MediaTime now);
    // Fills the delay and silence figures.
    void finish(AudioFigures& figures) const;

private:
    int m_lookahead;
    MediaTime m_captureStart;
    AudioSink* m_recording;
    std::vector<double> m_delaysMs;
    std::vector<std::int16_t> m_heard; // mono mix from the first played sound on
};

} // namespace ward::media
