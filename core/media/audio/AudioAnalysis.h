// Measurements on recorded audio for the harness and the tests: the power of one frequency (Goertzel), the
// longest run of silence, and the level of a signal.
#pragma once

#include <cstdint>
#include <vector>

namespace ward::media {

// The power of `frequencyHz` in `samples` relative to the signal's total power (0..1); a pure tone at that
// frequency gives close to 1.
double tonePowerShare(const std::int16_t* samples, std::size_t count, int sampleRate, double frequencyHz);
// The longest run, in milliseconds, where a sliding 5 ms window stays below `thresholdDbfs`.
double longestSilenceMs(
    const std::vector<std::int16_t>& samples, int sampleRate, double thresholdDbfs = -50.0);
double rmsDbfs(const std::int16_t* samples, std::size_t count);

} // namespace ward::media
