// The microphone meter: peak and RMS level in dBFS over what was added since the last reset, with a
// decaying peak for a UI bar. Silence reads kSilenceDbfs, not minus infinity.
#pragma once

#include "media/AudioFrame.h"

namespace ward::media {

inline constexpr float kSilenceDbfs = -96.0F;

class LevelMeter {
public:
    void add(const AudioFrame& frame);
    float peakDbfs() const;
    float rmsDbfs() const;
    // 0..1 for a meter bar: the peak mapped from -60..0 dBFS.
    float barLevel() const;
    void reset();

private:
    double m_sumSquares = 0;
    long long m_count = 0;
    int m_peak = 0;
    float m_barDbfs = kSilenceDbfs; // the decaying peak barLevel() shows; reset() leaves it
};

} // namespace ward::media
