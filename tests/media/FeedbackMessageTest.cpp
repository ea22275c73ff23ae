// The feedback a receiver sends its sender: both message types survive the trip byte for byte, the layout is
// the documented one, and anything of the wrong length or an unknown type is refused rather than guessed at.
#include "media/congestion/FeedbackMessage.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace ward::media;

namespace {

const std::uint8_t* bytes(const QByteArray& a)
{
    return reinterpret_cast<const std::uint8_t*>(a.constData());
}

ReceiverReport sampleReport()
{
    ReceiverReport report;
    report.stream = 0x0104;
    report.highestSequence = 0x0102030405060708ULL;
    report.expected = 0x11121314;
    report.lost = 0x21222324;
    report.delayTrend = -123456;
    report.echoSendTime = 0xfedcba98u;
    report.echoHold = 0x00012345;
    report.receivedBitrate = 2500000;
    return report;
}

} // namespace

TEST_CASE(
    "A receiver report survives encoding with every field, a negative trend included", "[media][congestion]")
{
    const ReceiverReport report = sampleReport();
    const QByteArray encoded = encodeFeedback(report);
    REQUIRE(encoded.size() == qsizetype(kReceiverReportBytes));
    CHECK(encoded.toHex()
        == QByteArray("01"
                      "0104"
                      "0102030405060708"
                      "11121314"
                      "21222324"
                      "fffe1dc0"
                      "fedcba98"
                      "00012345"
                      "002625a0"));
    const auto decoded = decodeFeedback(bytes(encoded), std::size_t(encoded.size()));
    REQUIRE(decoded);
    const auto* back = std::get_if<ReceiverReport>(&*decoded);
    REQUIRE(back);
    CHECK(back->stream == report.stream);
    CHECK(back->highestSequence == report.highestSequence);
    CHECK(back->expected == report.expected);
    CHECK(back->lost == report.lost);
    CHECK(back->delayTrend == -123456);
    CHECK(back->echoSendTime == report.echoSendTime);
    CHECK(back->echoHold == report.echoHold);
    CHECK(back->receivedBitrate == report.receivedBitrate);
}

TEST_CASE("A keyframe request survives encoding", "[media][congestion]")
{
    const QByteArray encoded = encodeFeedback(KeyframeRequest { 0xabcd });
    CHECK(encoded.toHex() == QByteArray("02abcd"));
    const auto decoded = decodeFeedback(bytes(encoded), std::size_t(encoded.size()));
    REQUIRE(decoded);
    const auto* request = std::get_if<KeyframeRequest>(&*decoded);
    REQUIRE(request);
    CHECK(request->stream == 0xabcd);
}

TEST_CASE("Feedback of the wrong length or an unknown type is refused", "[media][congestion]")
{
    const QByteArray report = encodeFeedback(sampleReport());
    const QByteArray request = encodeFeedback(KeyframeRequest { 1 });
    CHECK_FALSE(decodeFeedback(nullptr, 0));
    CHECK_FALSE(decodeFeedback(bytes(report), 0));
    CHECK_FALSE(decodeFeedback(bytes(report), kReceiverReportBytes - 1));
    CHECK_FALSE(decodeFeedback(bytes(request), kKeyframeRequestBytes - 1));

    QByteArray longer = report + QByteArray(1, '\0');
    CHECK_FALSE(decodeFeedback(bytes(longer), std::size_t(longer.size())));
    longer = request + QByteArray(1, '\0');
    CHECK_FALSE(decodeFeedback(bytes(longer), std::size_t(longer.size())));

    // A report's bytes under the keyframe request's type, and the other way round.
    QByteArray swapped = report;
    swapped[0] = 2;
    CHECK_FALSE(decodeFeedback(bytes(swapped), std::size_t(swapped.size())));
    swapped = request;
    swapped[0] = 1;
    CHECK_FALSE(decodeFeedback(bytes(swapped), std::size_t(swapped.size())));

    for (const char type : { '\0', '\3', '\xff' }) {
        QByteArray unknown = report;
        unknown[0] = type;
        CHECK_FALSE(decodeFeedback(bytes(unknown), std::size_t(unknown.size())));
        unknown = request;
        unknown[0] = type;
        CHECK_FALSE(decodeFeedback(bytes(unknown), std::size_t(unknown.size())));
    }
}
