// How the target is shared: audio is served first and never starves, video steps down the ladder at once when
// the rate falls and up only after the rate has held with room to spare, pauses below the lowest rung, and
// never exceeds the size and frame rate it was given.
#include "media/congestion/BitrateAllocator.h"

#include <catch2/catch.hpp>

using namespace ward::media;

namespace {

constexpr MediaTime kSecond = kMicrosecondsPerSecond;

} // namespace

TEST_CASE("Audio is served first: 10 % of the target within 16-64 kbit/s, and 16 kbit/s when nothing is left",
    "[media][congestion]")
{
    BitrateAllocator allocator(1280, 720, 30);
    auto a = allocator.allocate(2000000, 0);
    CHECK(a.audioBitrate == 64000);
    CHECK(a.videoBitrate == 2000000 - 64000);
    a = allocator.allocate(400000, 0);
    CHECK(a.audioBitrate == 40000);
    CHECK(a.videoBitrate == 360000);
    a = allocator.allocate(100000, 0);
    CHECK(a.audioBitrate == 16000);
    for (const int tiny : { 20000, 16000, 5000, 0 }) {
        a = allocator.allocate(tiny, 0);
        CHECK(a.audioBitrate == 16000);
        CHECK(a.videoBitrate == 0);
        CHECK(a.videoPaused());
    }
}

TEST_CASE(
    "The ladder follows the source's shape and never exceeds its size or frame rate", "[media][congestion]")
{
    SECTION("a 16:9 720p camera")
    {
        const BitrateAllocator allocator(1280, 720, 30);
        const auto& ladder = allocator.ladder();
        REQUIRE(ladder.size() == 6);
        CHECK(ladder[0].width == 1280);
        CHECK(ladder[0].minimumBitrate == 1500000);
        CHECK(ladder[2].width == 640);
        CHECK(ladder[2].height == 360); // the 640x480 rung in 16:9
        CHECK(ladder[5].width == 320);
        CHECK(ladder[5].height == 180);
        CHECK(ladder[5].frameRate == 15);
        CHECK(ladder[5].minimumBitrate == 60000);
    }
    SECTION("a 4:3 VGA camera at 15 fps")
    {
        BitrateAllocator allocator(640, 480, 15);
        const auto& ladder = allocator.ladder();
        REQUIRE_FALSE(ladder.empty());
        CHECK(ladder[0].width == 640);
        CHECK(ladder[0].height == 480);
        CHECK(ladder[0].minimumBitrate == 500000); // its own rung's minimum, not 720p's
        for (const auto& rung : ladder) {
            CHECK(rung.width <= 640);
            CHECK(rung.height <= 480);
            CHECK(rung.frameRate <= 15);
            CHECK(rung.width % 2 == 0);
            CHECK(rung.height % 2 == 0);
        }
        const auto a = allocator.allocate(2500000, 0);
        CHECK(a.width == 640);
        CHECK(a.height == 480);
        CHECK(a.frameRate == 15);
    }
    SECTION("no video source")
    {
        BitrateAllocator allocator(0, 0, 0);
        CHECK(allocator.ladder().empty());
        const auto a = allocator.allocate(2000000, 0);
        CHECK(a.videoPaused());
        CHECK(a.audioBitrate == 64000);
    }
}

TEST_CASE(
    "Video steps down at once when the rate falls and up only after it holds with 20 % to spare for 2 s",
    "[media][congestion]")
{
    BitrateAllocator allocator(1280, 720, 30);
    auto a = allocator.allocate(1700000, 0);
    CHECK(a.width == 1280);
    CHECK(a.frameRate == 30);

    // 700 kbit/s leaves 636 kbit/s for video: two rungs down, in one step.
    a = allocator.allocate(700000, kSecond);
    CHECK(a.width == 640);
    CHECK(a.height == 360);

    // 1.1 x the next rung's minimum is not enough to go up, however long it lasts.
    MediaTime now = kSecond;
    for (int i = 0; i < 50; ++i) {
        now += kSecond / 10;
        a = allocator.allocate(990000 + 64000, now);
    }
    CHECK(a.width == 640);

    // With 20 % to spare it goes up, but only once the rate has held for 2 s; a dip starts the wait again.
    const int plenty = 1080000 + 64000;
    const MediaTime rise = now;
    for (; now < rise + kSecond; now += kSecond / 10) {
        a = allocator.allocate(plenty, now);
    }
    a = allocator.allocate(990000 + 64000, now);
    CHECK(a.width == 640);
    const MediaTime again = now + kSecond / 10;
    for (now = again; now < again + 2 * kSecond - kSecond / 10; now += kSecond / 10) {
        a = allocator.allocate(plenty, now);
        CHECK(a.width == 640);
    }
    a = allocator.allocate(plenty, again + 2 * kSecond);
    CHECK(a.width == 960);
    CHECK(a.height == 540);

    // One rung at a time: reaching 720p takes another 2 s even with room for it now.
    a = allocator.allocate(2000000, again + 2 * kSecond + kSecond / 10);
    CHECK(a.width == 960);
    a = allocator.allocate(2000000, again + 4 * kSecond + kSecond / 10);
    CHECK(a.width == 1280);
}

TEST_CASE("Video pauses below the lowest rung and comes back only with room to spare", "[media][congestion]")
{
    BitrateAllocator allocator(1280, 720, 30);
    auto a = allocator.allocate(300000, 0);
    CHECK_FALSE(a.videoPaused());
    a = allocator.allocate(70000, kSecond); // 54 kbit/s for video: under the 60 kbit/s rung
    CHECK(a.videoPaused());
    CHECK(a.videoBitrate == 0);
    CHECK(a.width == 0);
    CHECK(a.frameRate == 0);
    CHECK(a.audioBitrate == 16000);
    a = allocator.allocate(80000, 2 * kSecond); // 64 kbit/s: enough for the rung, not with 20 % to spare
    a = allocator.allocate(80000, 5 * kSecond);
    CHECK(a.videoPaused());
    a = allocator.allocate(90000, 6 * kSecond); // 74 kbit/s
    CHECK(a.videoPaused());
    a = allocator.allocate(90000, 8 * kSecond);
    CHECK_FALSE(a.videoPaused());
    CHECK(a.width == 320);
    CHECK(a.height == 180);
    CHECK(a.frameRate == 15);
    CHECK(allocator.current().width == 320);
}
