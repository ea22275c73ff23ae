#include "media/audio/OpusPacketInfo.h"

#include "media/AudioFrame.h"
#include "media/pipeline/MediaPayload.h"

#include <opus.h>

#include <cstdint>

namespace ward::media {

namespace {
// Opus's range decoder (RFC 6716, 4.1), only as far as ec_dec_bit_logp: enough for the SILK header flags.
class RangeDecoder {
public:
    RangeDecoder(const unsigned char* data, int size)
        : m_data(data)
        , m_size(size)
    {
        // 4.1.1: rng = 128, val = 127 - (b0 >> 1), the low bit of b0 kept for the first renormalisation.
        m_rem = nextByte();
        m_val = m_rng - 1 - (m_rem >> 1);
        normalize();
    }

    // 4.1.3.2: one binary symbol whose "1" has probability 1/2^logp.
    bool bit(unsigned logp)
    {
        const std::uint32_t s = m_rng >> logp;
        const bool one = m_val < s;
        if (one) {
            m_rng = s;
        } else {
            m_val -= s;
            m_rng -= s;
        }
        normalize();
        return one;
    }

private:
    static constexpr std::uint32_t kCodeBottom = 1u << 23;
    static constexpr std::uint32_t kCodeMask = (1u << 31) - 1;

    std::uint32_t nextByte() { return m_at < m_size ? m_data[m_at++] : 0u; }

    // 4.1.2.1: bytes past the end of the frame read as zero.
    void normalize()
    {
        while (m_rng <= kCodeBottom) {
            m_rng <<= 8;
            const std::uint32_t previous = m_rem;
            m_rem = nextByte();
            const std::uint32_t sym = ((previous << 8) | m_rem) >> 1;
            m_val = ((m_val << 8) + (255u & ~sym)) & kCodeMask;
        }
    }

    const unsigned char* m_data;
    int m_size;
    int m_at = 0;
    std::uint32_t m_rng = 128;
    std::uint32_t m_val = 0;
    std::uint32_t m_rem = 0;
};

OpusMode modeOf(unsigned char toc)
{
    const int config = toc >> 3;
    if (config < 12) {
        return OpusMode::Silk;
    }
    return config < 16 ? OpusMode::Hybrid : OpusMode::Celt;
}
} // namespace

OpusPacketInfo inspectOpusPacket(const QByteArray& packet)
{
    OpusPacketInfo info;
    if (packet.isEmpty() || static_cast<std::size_t>(packet.size()) > kMaxOpusPacketBytes) {
        return info;
    }
    const auto* data = reinterpret_cast<const unsigned char*>(packet.constData());
    const auto size = static_cast<opus_int32>(packet.size());
    unsigned char toc = 0;
    const unsigned char* frames[48] = {};
    opus_int16 frameSizes[48] = {};
    const int count = opus_packet_parse(data, size, &toc, frames, frameSizes, nullptr);
    const int perFrame = opus_packet_get_samples_per_frame(data, kEngineSampleRate);
    // 120 ms is the most one packet may hold (RFC 6716, 3.2.5).
    if (count < 1 || perFrame <= 0 || count * perFrame > kEngineSampleRate / 1000 * 120) {
        return info;
    }
    info.mode = modeOf(toc);
    info.frames = count;
    info.samplesPerFrame = perFrame;
    info.stereo = (toc & 0x4) != 0;
    // A frame of one byte or less is decoded as lost (RFC 6716, 4.2.1 and the reference decoder), so it has
    // no SILK header to read.
    if (info.mode == OpusMode::Celt || frameSizes[0] <= 1) {
        return info;
    }
    // 4.2.3: the SILK layer opens with, per channel (mid, then side when stereo), one VAD flag per SILK frame
    // (one for a 10 or 20 ms Opus frame, two for 40 ms, three for 60 ms) and then the LBRR flag, each a
    // symbol of probability 1/2.
    const int silkFrames = perFrame <= kEngineSampleRate / 50 ? 1 : perFrame / (kEngineSampleRate / 50);
    RangeDecoder decoder(frames[0], frameSizes[0]);
    for (int channel = 0; channel < (info.stereo ? 2 : 1); ++channel) {
        for (int i = 0; i < silkFrames; ++i) {
            info.voiceActive = decoder.bit(1) || info.voiceActive;
        }
        info.lbrr = decoder.bit(1) || info.lbrr;
    }
    return info;
}

} // namespace ward::media
