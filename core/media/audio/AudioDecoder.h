// Opus decoding for one incoming stream, with the two ways of filling a hole: the in-band FEC copy of a lost
// frame carried by the packet after it, and packet-loss concealment when there is nothing to recover from.
#pragma once

#include "common/Result.h"
#include "media/AudioFrame.h"

#include <QByteArray>

#include <memory>

struct OpusDecoder;

namespace ward::media {

class AudioDecoder {
public:
    static Result<AudioDecoder> create(int channels = 1);
    AudioDecoder(AudioDecoder&&) noexcept;
    AudioDecoder& operator=(AudioDecoder&&) noexcept;
    ~AudioDecoder();

    // Decodes one Opus packet (at most kMaxOpusPacketBytes; a damaged packet is an error, never a crash).
    Result<AudioFrame> decode(const QByteArray& packet);
    // The `sampleCount` samples before `nextPacket`, from the FEC data it carries.
    Result<AudioFrame> decodeFec(const QByteArray& nextPacket, int sampleCount);
    // `sampleCount` samples of concealment following what was decoded last.
    Result<AudioFrame> conceal(int sampleCount);
    // Whether `packet` carries FEC data for the frame before it (SILK or hybrid frames with LBRR set).
    static bool carriesFec(const QByteArray& packet);
    // Samples per channel in `packet` at 48 kHz; 0 when it is not a valid Opus packet.
    static int packetSamples(const QByteArray& packet);

    int channels() const { return m_channels; }

private:
    struct Deleter {
        void operator()(OpusDecoder* decoder) const;
    };
    AudioDecoder(std::unique_ptr<OpusDecoder, Deleter> decoder, int channels);

    std::unique_ptr<OpusDecoder, Deleter> m_decoder;
    int m_channels = 1;
};

} // namespace ward::media
