// The figures of one loopback run, as the harness measured them on the simulated timeline, and their JSON
// form for `wardctl media loopback --report`.
#pragma once

#include "media/network/SimulatedNetwork.h"

#include <QJsonObject>

#include <cstdint>
#include <vector>

namespace ward::media {

struct AudioFigures {
    std::uint64_t framesSent = 0;
    std::uint64_t packetsSent = 0;
    std::uint64_t received = 0;
    std::uint64_t lost = 0;
    std::uint64_t late = 0;
    std::uint64_t concealed = 0;
    std::uint64_t fecRecovered = 0;
    std::uint64_t stretchedFrames = 0;
    double delayMeanMs = 0; // capture to playout, codec look-ahead included
    double delayP95Ms = 0;
    double delayMaxMs = 0;
    double targetDelayMs = 0; // the jitter buffer's at the end
    double longestSilenceMs = 0; // in the output after the first sound
};

struct BitrateSample {
    double atSeconds = 0;
    double targetKbps = 0;
    double audioKbps = 0; // sent over the last sample interval
    double videoKbps = 0;
    int width = 0;
    int height = 0;
    double frameRate = 0;
};

struct VideoFigures {
    std::uint64_t framesCaptured = 0;
    std::uint64_t framesSent = 0; // encoded
    std::uint64_t framesDecoded = 0;
    std::uint64_t framesShown = 0; // new pictures at display ticks
    std::uint64_t keyframesSent = 0;
    std::uint64_t keyframeRequests = 0;
    std::uint64_t decodeErrors = 0;
    std::uint64_t framesLost = 0;
    double psnrMeanDb = 0;
    double psnrMinDb = 0;
    double frozenMs = 0; // total of gaps between new pictures longer than kFreezeThreshold
    double longestFreezeMs = 0;
    double firstPictureMs = -1;
    double recoveryAfterBurstMs
        = -1; // from the burst's end to the first fresh picture decoded; -1 without a burst
    double adaptationMs = -1; // from a bandwidth drop until the target fits under the new cap; -1 without one
    double roundTripMs = 0; // the sender's estimate at the end
};

struct LoopbackReport {
    double mediaSeconds = 0;
    double cpuSeconds = 0; // process CPU time for the run (all threads)
    double wallSeconds = 0;
    std::uint64_t seed = 0;
    AudioFigures audio;
    VideoFigures video;
    NetworkStats network;
    std::vector<BitrateSample> bitrate;

    double cpuPerMediaSecond() const { return mediaSeconds > 0 ? cpuSeconds / mediaSeconds : 0; }
    QJsonObject toJson() const;
};

} // namespace ward::media
