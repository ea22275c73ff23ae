#include "media/congestion/FeedbackMessage.h"

#include "media/pipeline/MediaPayload.h"

namespace ward::media {

namespace {

enum class FeedbackType : std::uint8_t { ReceiverReport = 1, KeyframeRequest = 2 };

std::uint8_t* bytes(QByteArray& out)
{
    return reinterpret_cast<std::uint8_t*>(out.data());
}

QByteArray encodeReport(const ReceiverReport& report)
{
    QByteArray out(static_cast<qsizetype>(kReceiverReportBytes), '\0');
    std::uint8_t* p = bytes(out);
    p[0] = static_cast<std::uint8_t>(FeedbackType::ReceiverReport);
    writeBigEndian(p + 1, report.stream, 2);
    writeBigEndian(p + 3, report.highestSequence, 8);
    writeBigEndian(p + 11, report.expected, 4);
    writeBigEndian(p + 15, report.lost, 4);
    writeBigEndian(p + 19, static_cast<std::uint32_t>(report.delayTrend), 4);
    writeBigEndian(p + 23, report.echoSendTime, 4);
    writeBigEndian(p + 27, report.echoHold, 4);
    writeBigEndian(p + 31, report.receivedBitrate, 4);
    return out;
}

QByteArray encodeKeyframeRequest(const KeyframeRequest& request)
{
    QByteArray out(static_cast<qsizetype>(kKeyframeRequestBytes), '\0');
    std::uint8_t* p = bytes(out);
    p[0] = static_cast<std::uint8_t>(FeedbackType::KeyframeRequest);
    writeBigEndian(p + 1, request.stream, 2);
    return out;
}

std::uint32_t read32(const std::uint8_t* in)
{
    return static_cast<std::uint32_t>(readBigEndian(in, 4));
}

ReceiverReport decodeReport(const std::uint8_t* p)
{
    ReceiverReport report;
    report.stream = static_cast<std::uint16_t>(readBigEndian(p + 1, 2));
    report.highestSequence = readBigEndian(p + 3, 8);
    report.expected = read32(p + 11);
    report.lost = read32(p + 15);
    report.delayTrend = static_cast<std::int32_t>(read32(p + 19));
    report.echoSendTime = read32(p + 23);
    report.echoHold = read32(p + 27);
    report.receivedBitrate = read32(p + 31);
    return report;
}

} // namespace

QByteArray encodeFeedback(const FeedbackMessage& message)
{
    if (const auto* report = std::get_if<ReceiverReport>(&message)) {
        return encodeReport(*report);
    }
    return encodeKeyframeRequest(std::get<KeyframeRequest>(message));
}

std::optional<FeedbackMessage> decodeFeedback(const std::uint8_t* data, std::size_t size)
{
    if (data == nullptr || size == 0) {
        return std::nullopt;
    }
    if (data[0] == static_cast<std::uint8_t>(FeedbackType::ReceiverReport) && size == kReceiverReportBytes) {
        return FeedbackMessage { decodeReport(data) };
    }
    if (data[0] == static_cast<std::uint8_t>(FeedbackType::KeyframeRequest)
        && size == kKeyframeRequestBytes) {
        return FeedbackMessage { KeyframeRequest { static_cast<std::uint16_t>(readBigEndian(data + 1, 2)) } };
    }
    return std::nullopt;
}

} // namespace ward::media
