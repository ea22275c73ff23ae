// Colour conversion and scaling: whatever format a camera or screen hands over must become the I420
// picture the encoder takes without visible loss, and scaling must not smear or shift colours.
#include "media/video/ColorConverter.h"
#include "media/io/TestPatternSource.h"
#include "media/video/Psnr.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

using namespace ward;
using namespace ward::media;

namespace {

// Repacks an I420 picture into the other layouts by hand (VideoFrame.h gives the byte orders), so that the
// conversions are checked against an independent reference.
VideoFrame toNv12(const VideoFrame& i420)
{
    VideoFrame out = i420;
    out.format = PixelFormat::NV12;
    const std::size_t luma = std::size_t(i420.width) * std::size_t(i420.height);
    const std::size_t chroma = std::size_t(i420.chromaWidth()) * std::size_t(i420.chromaHeight());
    for (std::size_t i = 0; i < chroma; ++i) {
        out.data[luma + 2 * i] = i420.planeU()[i];
        out.data[luma + 2 * i + 1] = i420.planeV()[i];
    }
    return out;
}

VideoFrame toYuyv(const VideoFrame& i420)
{
    VideoFrame out = i420;
    out.format = PixelFormat::YUYV;
    out.data.resize(pixelFormatBytes(PixelFormat::YUYV, i420.width, i420.height));
    for (int y = 0; y < i420.height; ++y) {
        for (int x = 0; x < i420.width; x += 2) {
            const std::size_t c = std::size_t(y / 2) * std::size_t(i420.chromaWidth()) + std::size_t(x / 2);
            const std::size_t l = std::size_t(y) * std::size_t(i420.width) + std::size_t(x);
            std::uint8_t* p = out.data.data() + 2 * l;
            p[0] = i420.planeY()[l];
            p[1] = i420.planeU()[c];
            p[2] = i420.planeY()[l + 1];
            p[3] = i420.planeV()[c];
        }
    }
    return out;
}

VideoFrame toBgra(const VideoFrame& argb)
{
    VideoFrame out = argb;
    out.format = PixelFormat::BGRA;
    for (std::size_t i = 0; i < out.data.size(); i += 4) {
        for (std::size_t k = 0; k < 4; ++k) {
            out.data[i + k] = argb.data[i + 3 - k];
        }
    }
    return out;
}

VideoFrame flat(int width, int height, std::uint8_t y, std::uint8_t u, std::uint8_t v)
{
    VideoFrame frame = VideoFrame::blankI420(width, height);
    const std::size_t luma = std::size_t(width) * std::size_t(height);
    std::fill(frame.data.begin(), frame.data.begin() + std::ptrdiff_t(luma), y);
    std::fill(frame.planeU(), frame.planeV(), u);
    std::fill(frame.planeV(), frame.data.data() + frame.data.size(), v);
    return frame;
}

} // namespace

TEST_CASE("Every camera format of the same picture converts to I420 close to the original", "[media][video]")
{
    const VideoFrame original = TestPatternSource(320, 240, 30).render(17);
    auto argb = convertI420ToArgb(original);
    REQUIRE(argb.ok());
    CHECK(argb->format == PixelFormat::ARGB);
    CHECK(argb->valid());
    // The yellow bar, as B,G,R,A in memory: no blue, equal green and red.
    const std::uint8_t* bar = argb->data.data() + std::size_t(100 * 320 + 60) * 4;
    CHECK(int(bar[0]) <= 3);
    CHECK(int(bar[1]) == Approx(191).margin(3));
    CHECK(int(bar[2]) == Approx(191).margin(3));
    CHECK(bar[3] == 255);

    struct Case {
        const char* name;
        VideoFrame frame;
    };
    const std::vector<Case> cases { { "I420", original }, { "NV12", toNv12(original) },
        { "YUYV", toYuyv(original) }, { "ARGB", argb.value() }, { "BGRA", toBgra(argb.value()) } };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        REQUIRE(c.frame.valid());
        auto converted = convertToI420(c.frame);
        REQUIRE(converted.ok());
        CHECK(converted->format == PixelFormat::I420);
        CHECK(converted->sourceIndex == 17);
        const double psnr = psnrI420(original, converted.value());
        std::printf("%s -> I420: %.1f dB\n", c.name, psnr);
        CHECK(psnr > 40.0);
        CHECK(TestPatternSource::readFrameNumber(converted.value()) == std::optional<std::uint64_t>(17));
    }
}

TEST_CASE("Scaling keeps a flat colour flat, up and down", "[media][video]")
{
    const VideoFrame source = flat(1920, 1080, 100, 60, 200);
    struct Size {
        int width;
        int height;
    };
    const auto size = GENERATE(Size { 640, 360 }, Size { 320, 180 }, Size { 1280, 720 }, Size { 161, 97 },
        Size { 1920, 1080 }, Size { 1919, 1080 });
    CAPTURE(size.width, size.height);
    auto scaled = scaleI420(source, size.width, size.height);
    REQUIRE(scaled.ok());
    REQUIRE(scaled->valid());
    CHECK(scaled->width == size.width);
    // No edge, ringing or drift: every sample keeps its level (the box filter may round one level down).
    const std::size_t luma = std::size_t(size.width) * std::size_t(size.height);
    for (std::size_t i = 0; i < scaled->data.size(); ++i) {
        const int expected = i < luma ? 100 : (i < luma + (scaled->data.size() - luma) / 2 ? 60 : 200);
        if (std::abs(int(scaled->data[i]) - expected) > 1) {
            FAIL("sample " << i << " is " << int(scaled->data[i]) << ", not " << expected);
        }
    }
    // Growing a picture is exact.
    auto grown = scaleI420(flat(320, 180, 100, 60, 200), 1280, 720);
    REQUIRE(grown.ok());
    CHECK(psnrI420(grown.value(), flat(1280, 720, 100, 60, 200)) == kIdenticalPsnr);
}

TEST_CASE("A scaled test pattern keeps its frame number readable", "[media][video]")
{
    const VideoFrame source = TestPatternSource(1280, 720, 30).render(4242);
    for (const auto& [width, height] :
        { std::pair { 640, 360 }, std::pair { 320, 180 }, std::pair { 640, 480 } }) {
        CAPTURE(width, height);
        auto scaled = toI420Size(source, width, height);
        REQUIRE(scaled.ok());
        CHECK(TestPatternSource::readFrameNumber(scaled.value()) == std::optional<std::uint64_t>(4242));
    }
    auto argb = convertI420ToArgb(source);
    REQUIRE(argb.ok());
    auto both = toI420Size(argb.value(), 320, 180);
    REQUIRE(both.ok());
    CHECK(both->width == 320);
    CHECK(TestPatternSource::readFrameNumber(both.value()) == std::optional<std::uint64_t>(4242));
}

TEST_CASE("Pictures whose data does not match their format or size are refused", "[media][video]")
{
    VideoFrame shortData = VideoFrame::blankI420(64, 48);
    shortData.data.resize(100);
    VideoFrame oddYuyv = VideoFrame::blankI420(63, 48);
    oddYuyv.format = PixelFormat::YUYV;
    oddYuyv.data.resize(pixelFormatBytes(PixelFormat::YUYV, 63, 48));
    for (const VideoFrame* frame : { &shortData, &oddYuyv }) {
        auto converted = convertToI420(*frame);
        REQUIRE_FALSE(converted.ok());
        CHECK(converted.error().code == ErrorCode::InvalidArgument);
        CHECK_FALSE(converted.error().message.isEmpty());
    }
    const VideoFrame good = VideoFrame::blankI420(64, 48);
    CHECK_FALSE(scaleI420(good, 0, 48).ok());
    CHECK_FALSE(scaleI420(good, 64, kMaxVideoHeight + 1).ok());
    CHECK_FALSE(scaleI420(toNv12(good), 32, 24).ok());
    CHECK_FALSE(convertI420ToArgb(toNv12(good)).ok());
    CHECK(psnrI420(good, VideoFrame::blankI420(32, 24)) == 0.0);
}
