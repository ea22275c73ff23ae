// What a receiver sends back to a sender on the feedback stream (after the 5-byte payload header):
//   offset 0  type  1 byte  1 receiver report, 2 keyframe request
// Receiver report (type 1), big-endian:
//   offset 1   stream           2 bytes  the media stream reported on
//   offset 3   highestSequence  8 bytes
//   offset 11  expected         4 bytes  packets expected since the last report
//   offset 15  lost             4 bytes  of those, not received
//   offset 19  delayTrend       4 bytes  signed, microseconds of one-way delay gained per second (queues
//                                        building up show as a positive trend)
//   offset 23  echoSendTime     4 bytes  the sendTime of the newest packet received
//   offset 27  echoHold         4 bytes  microseconds between that packet's arrival and this report
//   offset 31  receivedBitrate  4 bytes  bits per second over the report interval, all streams together
// Keyframe request (type 2):
//   offset 1   stream           2 bytes  the video stream that needs a keyframe
// Anything else, or a wrong length, is malformed.
#pragma once

#include <QByteArray>

#include <cstdint>
#include <optional>
#include <variant>

namespace ward::media {

inline constexpr std::size_t kReceiverReportBytes = 35;
inline constexpr std::size_t kKeyframeRequestBytes = 3;

struct ReceiverReport {
    std::uint16_t stream = 0;
    std::uint64_t highestSequence = 0;
    std::uint32_t expected = 0;
    std::uint32_t lost = 0;
    std::int32_t delayTrend = 0;
    std::uint32_t echoSendTime = 0;
    std::uint32_t echoHold = 0;
    std::uint32_t receivedBitrate = 0;

    double lossFraction() const { return expected == 0 ? 0.0 : double(lost) / double(expected); }
};

struct KeyframeRequest {
    std::uint16_t stream = 0;
};

using FeedbackMessage = std::variant<ReceiverReport, KeyframeRequest>;

QByteArray encodeFeedback(const FeedbackMessage& message);
std::optional<FeedbackMessage> decodeFeedback(const std::uint8_t* data, std::size_t size);

} // namespace ward::media
