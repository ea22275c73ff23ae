// Opus encoding for a call: 48 kHz, VOIP application, in-band FEC and DTX on, 20 ms frames (10 ms
// selectable), bitrate moved by the congestion controller within 16-64 kbit/s.
#pragma once

#include "common/Result.h"
#include "media/AudioFrame.h"

#include <QByteArray>

#include <memory>

struct OpusEncoder;

namespace ward::media {

inline constexpr int kMinAudioBitrate = 16000;
inline constexpr int kMaxAudioBitrate = 64000;

struct AudioEncoderSettings {
    int channels = 1; // 1 or 2
    int frameMs = 20; // 10 or 20
    int bitrate = 32000;
    bool inbandFec = true;
    bool dtx = true;
    int expectedLossPercent = 10; // what FEC is sized for; the controller updates it from reports
};

class AudioEncoder {
public:
    static Result<AudioEncoder> create(const AudioEncoderSettings& settings);
    AudioEncoder(AudioEncoder&&) noexcept;
    AudioEncoder& operator=(AudioEncoder&&) noexcept;
    ~AudioEncoder();

    // Encodes exactly frameSamples() samples per channel at 48 kHz. An empty array means DTX has nothing that
    // needs sending for this frame (the timeline still moves on by one frame).
    Result<QByteArray> encode(const AudioFrame& frame);
    // Clamped to kMinAudioBitrate..kMaxAudioBitrate.
    Status setBitrate(int bitsPerSecond);
    Status setExpectedLoss(int percent);

    int frameSamples() const;
    int bitrate() const { return m_settings.bitrate; }
    // The codec's algorithmic delay in samples at 48 kHz (part of the capture-to-playout delay).
    int lookaheadSamples() const;
    const AudioEncoderSettings& settings() const { return m_settings; }

private:
    struct Deleter {
        void operator()(OpusEncoder* encoder) const;
    };
    AudioEncoder(std::unique_ptr<OpusEncoder, Deleter> encoder, const AudioEncoderSettings& settings);

    std::unique_ptr<OpusEncoder, Deleter> m_encoder;
    AudioEncoderSettings m_settings;
};

} // namespace ward::media
