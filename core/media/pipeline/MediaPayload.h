// What travels inside a protected media packet (crypto/packet: the packet header's stream id and sequence
// number are outside, authenticated). Every payload opens with the same 5 bytes:
//   offset 0  kind      1 byte   PayloadKind
//   offset 1  sendTime  4 bytes  big-endian, the sender's media clock in microseconds modulo 2^32, stamped
//                                as the packet leaves; the receiver's delay-trend estimate compares it with
//                                arrival times (differences are taken modulo 2^32, so the wrap after 71
//                                minutes is harmless)
// followed by the kind's own bytes:
//   Audio     timestamp (4 bytes, samples at 48 kHz on the sender's timeline), then one Opus packet
//   Video     the VideoDescriptor (video/VideoDescriptor.h), then a piece of a VP8 frame
//   Feedback  one feedback message (congestion/FeedbackMessage.h)
// Streams: each participant's sender uses three stream ids, base + 0 audio, + 1 video, + 2 feedback, where
// base = 3 * participant index (0 for the two-party visit), so a third participant such as an interpreter
// gets ids of their own without a format change.
#pragma once

#include "media/MediaTime.h"

#include <QByteArray>

#include <cstdint>
#include <optional>

namespace ward::media {

enum class PayloadKind : std::uint8_t { Audio = 1, Video = 2, Feedback = 3 };

inline constexpr std::size_t kPayloadHeaderBytes = 5;
inline constexpr std::size_t kAudioHeaderBytes = kPayloadHeaderBytes + 4;
// The most an Opus packet may be (RFC 6716, 3.2.1 code 0 frame).
inline constexpr std::size_t kMaxOpusPacketBytes = 1275;
// Video payloads are cut so that descriptor and data stay within this (an IPv6 path with TURN and the
// packet protection's 31 bytes still fits a 1280-byte MTU path).
inline constexpr std::size_t kMaxVideoPayloadBytes = 1200;

inline constexpr std::uint16_t kStreamsPerParticipant = 3;
inline constexpr std::uint16_t audioStream(std::uint16_t participant = 0)
{
    return static_cast<std::uint16_t>(participant * kStreamsPerParticipant);
}
inline constexpr std::uint16_t videoStream(std::uint16_t participant = 0)
{
    return static_cast<std::uint16_t>(participant * kStreamsPerParticipant + 1);
}
inline constexpr std::uint16_t feedbackStream(std::uint16_t participant = 0)
{
    return static_cast<std::uint16_t>(participant * kStreamsPerParticipant + 2);
}

struct PayloadHeader {
    PayloadKind kind = PayloadKind::Audio;
    std::uint32_t sendTime = 0;

    static std::uint32_t wireTime(MediaTime t)
    {
        return static_cast<std::uint32_t>(static_cast<std::uint64_t>(t));
    }
    void write(std::uint8_t* out) const;
    // Nothing when shorter than kPayloadHeaderBytes or of an unknown kind.
    static std::optional<PayloadHeader> read(const std::uint8_t* data, std::size_t size);
};

// Writes a big-endian unsigned value of `bytes` bytes; reads one back. Shared by every payload format.
void writeBigEndian(std::uint8_t* out, std::uint64_t value, int bytes);
std::uint64_t readBigEndian(const std::uint8_t* in, int bytes);

// The signed difference a - b of two wire times, taking the wrap into account.
inline std::int32_t wireTimeDifference(std::uint32_t a, std::uint32_t b)
{
    return static_cast<std::int32_t>(a - b);
}

} // namespace ward::media
