// Synthetic audio: a sine tone at a fixed frequency, or a chirp sweeping between two frequencies and back.
// Deterministic, so two runs produce the same samples.
#pragma once

#include "media/io/AudioSource.h"

namespace ward::media {

class ToneSource final : public AudioSource {
public:
    explicit ToneSource(double frequencyHz, double amplitude = 0.3);
    AudioFrame read(int sampleCount, MediaTime now) override;

private:
    double m_frequency;
    double m_amplitude;
    double m_phase = 0;
    std::uint32_t m_timestamp = 0;
};

class ChirpSource final : public AudioSource {
public:
    ChirpSource(double fromHz, double toHz, double sweepSeconds, double amplitude = 0.3);
    AudioFrame read(int sampleCount, MediaTime now) override;

private:
    double m_from;
    double m_to;
    double m_sweepSeconds;
    double m_amplitude;
    double m_phase = 0;
    std::uint64_t m_position = 0;
};

} // namespace ward::media
