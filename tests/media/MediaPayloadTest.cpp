// The 5-byte header every media payload starts with: the kind a receiver dispatches on and the send time the
// congestion controller measures delay with, which must survive the 32-bit wrap.
#include "media/pipeline/MediaPayload.h"

#include <catch2/catch.hpp>

#include <array>

using namespace ward::media;

TEST_CASE("A payload header reads back the kind and send time it was written with", "[media][payload]")
{
    const auto kind = GENERATE(PayloadKind::Audio, PayloadKind::Video, PayloadKind::Feedback);
    PayloadHeader header;
    header.kind = kind;
    header.sendTime = 0xfedcba98u;
    std::array<std::uint8_t, kPayloadHeaderBytes> bytes {};
    header.write(bytes.data());
    CHECK(bytes[1] == 0xfe);
    const auto read = PayloadHeader::read(bytes.data(), bytes.size());
    REQUIRE(read);
    CHECK(read->kind == kind);
    CHECK(read->sendTime == 0xfedcba98u);
}

TEST_CASE("A payload that is too short or of an unknown kind is refused", "[media][payload]")
{
    std::array<std::uint8_t, kPayloadHeaderBytes> bytes { 1, 0, 0, 0, 0 };
    CHECK_FALSE(PayloadHeader::read(bytes.data(), kPayloadHeaderBytes - 1));
    bytes[0] = 0;
    CHECK_FALSE(PayloadHeader::read(bytes.data(), bytes.size()));
    bytes[0] = 4;
    CHECK_FALSE(PayloadHeader::read(bytes.data(), bytes.size()));
}

TEST_CASE("Send times compare across the 32-bit wrap after 71 minutes", "[media][payload]")
{
    const MediaTime beforeWrap = (MediaTime { 1 } << 32) - fromMilliseconds(5);
    const MediaTime afterWrap = beforeWrap + fromMilliseconds(20);
    const auto a = PayloadHeader::wireTime(afterWrap);
    const auto b = PayloadHeader::wireTime(beforeWrap);
    CHECK(a < b);
    CHECK(wireTimeDifference(a, b) == 20000);
    CHECK(wireTimeDifference(b, a) == -20000);
}

TEST_CASE("Each participant's streams are distinct and within the packet protection's stream ids",
    "[media][payload]")
{
    CHECK(audioStream(0) == 0);
    CHECK(videoStream(0) == 1);
    CHECK(feedbackStream(0) == 2);
    CHECK(audioStream(1) == 3);
    CHECK(feedbackStream(20) < 64);
}
