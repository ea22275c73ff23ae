// What one loopback run is made of: the sender's sources, the simulated network between the two sides, the
// length of the run, and where the receiver's playout is recorded. Defaults give a clean 10-second run of a
// 440 Hz tone and the 640x480 test pattern.
#pragma once

#include "media/MediaTime.h"
#include "media/network/SimulatedNetwork.h"

#include <QString>

namespace ward::media {

struct LoopbackSettings {
    // Audio input: a WAV file when set, else a tone.
    QString audioIn;
    double toneHz = 440;
    bool audio = true;
    // Video input: a Y4M file when set, else the moving test pattern (when `video`).
    QString videoIn;
    bool video = true;
    int patternWidth = 640;
    int patternHeight = 480;
    double patternFrameRate = 30;

    int seconds = 10;
    int audioFrameMs = 20;
    int startBitrate = 1000000;
    int maxBitrate = 2500000;
    // Capture processing (echo cancellation, noise suppression, gain) is for microphones; a clean file or
    // synthetic input goes to the encoder untouched unless this is set.
    bool captureProcessing = false;

    // Media direction. The feedback direction shares its delay, jitter and random loss but not the burst
    // or the bandwidth cap (a home uplink is the narrow part).
    NetworkConditions network;

    QString audioOut; // WAV, on the playout timeline
    QString videoOut; // Y4M, on the display timeline, at the source's size and rate
};

} // namespace ward::media
