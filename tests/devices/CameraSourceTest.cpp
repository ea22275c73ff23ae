// CameraSource without a camera, and the QVideoFrame -> VideoFrame mapping on frames built in memory in each
// layout a camera delivers.
#include "DeviceTestSupport.h"

#include "devices/CameraSource.h"
#include "devices/VideoFrameMapping.h"

#include <QMediaDevices>
#include <QVideoFrame>
#include <QVideoFrameFormat>

#include <catch2/catch.hpp>

#include <cstring>

using namespace ward;
using namespace ward::test;

namespace {

struct Plane {
    int rowBytes;
    int rows;
};

// The planes of each layout for a width x height picture, in Qt's plane order.
std::vector<Plane> planesOf(QVideoFrameFormat::PixelFormat format, int width, int height)
{
    const int cw = (width + 1) / 2;
    const int ch = (height + 1) / 2;
    switch (format) {
    case QVideoFrameFormat::Format_YUV420P:
    case QVideoFrameFormat::Format_YV12:
        return { { width, height }, { cw, ch }, { cw, ch } };
    case QVideoFrameFormat::Format_NV12:
        return { { width, height }, { cw * 2, ch } };
    case QVideoFrameFormat::Format_YUYV:
        return { { width * 2, height } };
    default:
        return { { width * 4, height } };
    }
}

std::uint8_t pattern(int plane, int row, int column)
{
    return static_cast<std::uint8_t>(plane * 67 + row * 13 + column * 7);
}

// A frame in `format` whose bytes follow pattern(); any row padding Qt adds holds 0xEE, which must never
// reach the engine.
QVideoFrame patternFrame(QVideoFrameFormat::PixelFormat format, int width, int height)
{
    QVideoFrame frame(QVideoFrameFormat(QSize(width, height), format));
    REQUIRE(frame.map(QVideoFrame::WriteOnly));
    const std::vector<Plane> planes = planesOf(format, width, height);
    REQUIRE(frame.planeCount() == static_cast<int>(planes.size()));
    for (int p = 0; p < frame.planeCount(); ++p) {
        uchar* bits = frame.bits(p);
        const int stride = frame.bytesPerLine(p);
        REQUIRE(stride >= planes[static_cast<std::size_t>(p)].rowBytes);
        std::memset(bits, 0xEE, static_cast<std::size_t>(frame.mappedBytes(p)));
        for (int row = 0; row < planes[static_cast<std::size_t>(p)].rows; ++row) {
            for (int column = 0; column < planes[static_cast<std::size_t>(p)].rowBytes; ++column) {
                bits[row * stride + column] = pattern(p, row, column);
            }
        }
    }
    frame.unmap();
    return frame;
}

// What the engine frame must hold: the planes in `order`, rows without padding.
std::vector<std::uint8_t> expectedBytes(
    QVideoFrameFormat::PixelFormat format, int width, int height, const std::vector<int>& order)
{
    const std::vector<Plane> planes = planesOf(format, width, height);
    std::vector<std::uint8_t> bytes;
    for (int p : order) {
        for (int row = 0; row < planes[static_cast<std::size_t>(p)].rows; ++row) {
            for (int column = 0; column < planes[static_cast<std::size_t>(p)].rowBytes; ++column) {
                bytes.push_back(pattern(p, row, column));
            }
        }
    }
    return bytes;
}

// A one-colour frame in a 32-bit layout, given the four bytes of a pixel in memory order.
QVideoFrame solidFrame(
    QVideoFrameFormat::PixelFormat format, int width, int height, std::array<uchar, 4> pixel)
{
    QVideoFrame frame(QVideoFrameFormat(QSize(width, height), format));
    REQUIRE(frame.map(QVideoFrame::WriteOnly));
    for (int row = 0; row < height; ++row) {
        for (int column = 0; column < width; ++column) {
            const auto offset
                = std::ptrdiff_t { row } * frame.bytesPerLine(0) + std::ptrdiff_t { column } * 4;
            std::memcpy(frame.bits(0) + offset, pixel.data(), 4);
        }
    }
    frame.unmap();
    return frame;
}

} // namespace

TEST_CASE("CameraSource without a camera says so plainly and delivers nothing", "[devices][camera]")
{
    if (!QMediaDevices::videoInputs().isEmpty()) {
        WARN("this machine has a camera; the no-camera case cannot be shown here");
        return;
    }
    devices::CameraSource camera;
    const Status opened = camera.open();
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::NotFound);
    CHECK(opened.error().message.startsWith(QStringLiteral("No camera was found.")));
    CHECK(camera.errorString() == opened.error().message);
    // Still wanted, so a follower starts it when a camera is plugged in.
    CHECK(camera.isActive());
    CHECK(camera.device().isNull());
    CHECK_FALSE(camera.frameAt(0).has_value());
    runEventLoop(std::chrono::milliseconds(50));
    CHECK_FALSE(camera.frameAt(1000).has_value());
    camera.close();
    CHECK_FALSE(camera.isActive());
}

TEST_CASE("mapVideoFrame copies each camera layout into the matching engine format", "[devices][camera]")
{
    struct Case {
        QVideoFrameFormat::PixelFormat qt;
        media::PixelFormat engine;
        std::vector<int> planeOrder;
        int width;
        int height;
    };
    const std::vector<Case> cases = {
        { QVideoFrameFormat::Format_NV12, media::PixelFormat::NV12, { 0, 1 }, 22, 14 },
        { QVideoFrameFormat::Format_NV12, media::PixelFormat::NV12, { 0, 1 }, 21, 13 },
        { QVideoFrameFormat::Format_YUV420P, media::PixelFormat::I420, { 0, 1, 2 }, 22, 14 },
        { QVideoFrameFormat::Format_YUV420P, media::PixelFormat::I420, { 0, 1, 2 }, 21, 13 },
        { QVideoFrameFormat::Format_YV12, media::PixelFormat::I420, { 0, 2, 1 }, 22, 14 },
        { QVideoFrameFormat::Format_YUYV, media::PixelFormat::YUYV, { 0 }, 22, 14 },
        { QVideoFrameFormat::Format_YUYV, media::PixelFormat::YUYV, { 0 }, 21, 13 },
        { QVideoFrameFormat::Format_BGRA8888, media::PixelFormat::ARGB, { 0 }, 21, 13 },
        { QVideoFrameFormat::Format_BGRX8888, media::PixelFormat::ARGB, { 0 }, 22, 14 },
        { QVideoFrameFormat::Format_ARGB8888, media::PixelFormat::BGRA, { 0 }, 21, 13 },
        { QVideoFrameFormat::Format_XRGB8888, media::PixelFormat::BGRA, { 0 }, 22, 14 },
    };
    for (const Case& c : cases) {
        INFO(QVideoFrameFormat::pixelFormatToString(c.qt).toStdString() << " " << c.width << "x" << c.height);
        const Result<media::VideoFrame> mapped
            = devices::mapVideoFrame(patternFrame(c.qt, c.width, c.height));
        REQUIRE(mapped.ok());
        // YUV layouts are cut to even sides, 32-bit ones kept whole.
        const bool yuv = c.engine != media::PixelFormat::ARGB && c.engine != media::PixelFormat::BGRA;
        const int width = yuv ? c.width & ~1 : c.width;
        const int height = yuv ? c.height & ~1 : c.height;
        CHECK(mapped->format == c.engine);
        CHECK(mapped->width == width);
        CHECK(mapped->height == height);
        CHECK(mapped->valid());
        CHECK(mapped->data == expectedBytes(c.qt, width, height, c.planeOrder));
    }
}

TEST_CASE("32-bit camera pictures keep their colours: Qt's byte orders match the engine's names",
    "[devices][camera]")
{
    // Pure orange (R=255, G=128, B=0) in each layout's memory order.
    struct Case {
        QVideoFrameFormat::PixelFormat qt;
        std::array<uchar, 4> pixel;
        media::PixelFormat engine;
    };
    const std::vector<Case> cases = {
        { QVideoFrameFormat::Format_BGRA8888, { 0, 128, 255, 255 }, media::PixelFormat::ARGB },
        { QVideoFrameFormat::Format_ARGB8888, { 255, 255, 128, 0 }, media::PixelFormat::BGRA },
    };
    for (const Case& c : cases) {
        INFO(QVideoFrameFormat::pixelFormatToString(c.qt).toStdString());
        const QVideoFrame frame = solidFrame(c.qt, 8, 6, c.pixel);
        // Qt draws it orange: the memory order above is what Qt means by the format's name.
        const QColor drawn = frame.toImage().pixelColor(4, 3);
        CHECK(drawn.red() == 255);
        CHECK(drawn.green() == 128);
        CHECK(drawn.blue() == 0);

        const Result<media::VideoFrame> mapped = devices::mapVideoFrame(frame);
        REQUIRE(mapped.ok());
        REQUIRE(mapped->format == c.engine);
        // libyuv's names: "ARGB" is B,G,R,A in memory, "BGRA" is A,R,G,B (VideoFrame.h).
        const std::uint8_t* first = mapped->data.data();
        if (c.engine == media::PixelFormat::ARGB) {
            CHECK((first[0] == 0 && first[1] == 128 && first[2] == 255));
        } else {
            CHECK((first[1] == 255 && first[2] == 128 && first[3] == 0));
        }
    }
}

TEST_CASE("mapVideoFrame draws other layouts and oversized pictures through QImage as ARGB that fits",
    "[devices][camera]")
{
    SECTION("a layout the engine has no copy of")
    {
        const QVideoFrame frame = solidFrame(QVideoFrameFormat::Format_RGBX8888, 10, 8, { 255, 128, 0, 255 });
        const Result<media::VideoFrame> mapped = devices::mapVideoFrame(frame);
        REQUIRE(mapped.ok());
        CHECK(mapped->format == media::PixelFormat::ARGB);
        CHECK(mapped->width == 10);
        CHECK(mapped->height == 8);
        CHECK((mapped->data[0] == 0 && mapped->data[1] == 128 && mapped->data[2] == 255));
    }
    SECTION("larger than 1920x1080")
    {
        const QVideoFrame frame
            = solidFrame(QVideoFrameFormat::Format_BGRA8888, 2560, 1440, { 0, 128, 255, 255 });
        const Result<media::VideoFrame> mapped = devices::mapVideoFrame(frame);
        REQUIRE(mapped.ok());
        CHECK(mapped->width == 1920);
        CHECK(mapped->height == 1080);
        CHECK(mapped->valid());
    }
    SECTION("an empty frame is refused")
    {
        const Result<media::VideoFrame> mapped = devices::mapVideoFrame(QVideoFrame());
        REQUIRE_FALSE(mapped.ok());
        CHECK_FALSE(mapped.error().message.isEmpty());
    }
}

TEST_CASE("fitEven keeps the shape, fits the limit and gives even sides", "[devices][camera]")
{
    CHECK(devices::fitEven(QSize(2560, 1440), QSize(1920, 1080)) == QSize(1920, 1080));
    CHECK(devices::fitEven(QSize(3000, 1000), QSize(1920, 1080)) == QSize(1920, 640));
    CHECK(devices::fitEven(QSize(1000, 3000), QSize(1920, 1080)) == QSize(360, 1080));
    CHECK(devices::fitEven(QSize(641, 479), QSize(1920, 1080)) == QSize(640, 478));
    CHECK(devices::fitEven(QSize(1, 1), QSize(1920, 1080)) == QSize(2, 2));
    CHECK(devices::fitEven(QSize(0, 10), QSize(1920, 1080)).isEmpty());
}

TEST_CASE(
    "CameraSource keeps the newest picture from its video sink and hands it over once", "[devices][camera]")
{
    devices::CameraSource camera;
    camera.videoSink()->setVideoFrame(patternFrame(QVideoFrameFormat::Format_NV12, 22, 14));
    camera.videoSink()->setVideoFrame(patternFrame(QVideoFrameFormat::Format_YUV420P, 22, 14));
    runEventLoop(std::chrono::milliseconds(10));

    const std::optional<media::VideoFrame> frame = camera.frameAt(5000);
    REQUIRE(frame.has_value());
    CHECK(frame->format == media::PixelFormat::I420); // the newer of the two
    CHECK(frame->captureTime == 5000);
    CHECK(frame->sourceIndex == 1);
    CHECK_FALSE(camera.frameAt(6000).has_value());
    CHECK(camera.droppedFrames() == 0);
}
