// What can be read from an Opus packet without decoding it (RFC 6716): its mode from the TOC byte, and for
// SILK and hybrid packets the flags that open the first frame's SILK layer (voice activity, LBRR). Opus 1.3
// has no public call for the LBRR flag, so the first range-coded symbols are read here; this never reads
// past the packet and accepts any bytes.
#pragma once

#include <QByteArray>

namespace ward::media {

enum class OpusMode { Invalid, Silk, Hybrid, Celt };

struct OpusPacketInfo {
    OpusMode mode = OpusMode::Invalid;
    int frames = 0; // Opus frames in the packet
    int samplesPerFrame = 0; // at 48 kHz
    bool stereo = false;
    // For SILK and hybrid packets whose first frame has a SILK layer (more than one byte): whether any SILK
    // frame in it is voice-active, and whether it carries LBRR (FEC) data for the frame before the packet.
    bool voiceActive = false;
    bool lbrr = false;

    bool valid() const { return mode != OpusMode::Invalid; }
    int samples() const { return frames * samplesPerFrame; }
};

// Parses the packet's framing (opus_packet_parse) and the first frame's SILK header flags. A packet longer
// than kMaxOpusPacketBytes, empty, badly framed, or longer than 120 ms gives mode Invalid.
OpusPacketInfo inspectOpusPacket(const QByteArray& packet);

} // namespace ward::media
