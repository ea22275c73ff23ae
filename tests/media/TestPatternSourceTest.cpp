// The synthetic camera: one picture per frame interval of the media clock, a pattern that moves, and a frame
// number a receiver can read back out of the picture.
#include "media/io/TestPatternSource.h"
#include "media/video/Psnr.h"

#include <catch2/catch.hpp>

using namespace ward::media;

TEST_CASE("The test pattern delivers each frame once, when its time has come", "[media][video]")
{
    TestPatternSource source(320, 180, 30);
    CHECK(source.frameRate() == 30);
    auto first = source.frameAt(0);
    REQUIRE(first);
    CHECK(first->sourceIndex == 0);
    CHECK(first->captureTime == 0);
    CHECK(first->width == 320);
    CHECK(first->height == 180);
    CHECK(first->valid());
    CHECK_FALSE(source.frameAt(fromMilliseconds(20))); // still frame 0

    // Frame 1 is due at 33333.3 microseconds; a caller rounding that down is not made to wait.
    auto second = source.frameAt(33333);
    REQUIRE(second);
    CHECK(second->sourceIndex == 1);
    CHECK(second->captureTime == 33333);

    // A late caller gets the newest frame, not the ones it missed.
    auto late = source.frameAt(fromMilliseconds(1000));
    REQUIRE(late);
    CHECK(late->sourceIndex == 30);
    CHECK(TestPatternSource::readFrameNumber(late.value()) == std::optional<std::uint64_t>(30));
    CHECK_FALSE(source.frameAt(fromMilliseconds(1010)));
    CHECK_FALSE(source.frameAt(fromMilliseconds(500))); // time does not go back
}

TEST_CASE("The test pattern moves and carries its frame number", "[media][video]")
{
    const TestPatternSource source(640, 480, 30);
    const VideoFrame a = source.render(100);
    const VideoFrame b = source.render(101);
    CHECK(psnrI420(a, b) < 40.0);
    CHECK(psnrI420(a, source.render(100)) == kIdenticalPsnr);
    for (const std::uint64_t index : { 0ull, 1ull, 255ull, 123456789ull, 0xffffffffull }) {
        CAPTURE(index);
        CHECK(
            TestPatternSource::readFrameNumber(source.render(index)) == std::optional<std::uint64_t>(index));
    }
    CHECK(source.render(7).captureTime == 233333);
}

TEST_CASE("A picture without the bar code reads as no frame number", "[media][video]")
{
    CHECK_FALSE(TestPatternSource::readFrameNumber(VideoFrame::blankI420(640, 480)));
    VideoFrame damaged = TestPatternSource(640, 480, 30).render(77);
    // Invert one data cell in the middle: the check nibble no longer matches.
    for (int y = 0; y < 48; ++y) {
        for (int x = 20 * 16; x < 21 * 16; ++x) {
            std::uint8_t& pixel = damaged.planeY()[std::size_t(y) * 640 + std::size_t(x)];
            pixel = pixel > 128 ? 16 : 235;
        }
    }
    CHECK_FALSE(TestPatternSource::readFrameNumber(damaged));
    VideoFrame nv12 = TestPatternSource(640, 480, 30).render(77);
    nv12.format = PixelFormat::NV12;
    CHECK_FALSE(TestPatternSource::readFrameNumber(nv12));
}
