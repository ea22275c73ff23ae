// VP8 through libvpx as a call uses it: the moving test pattern must come out looking like itself at the
// bitrates the congestion controller hands out, the frame numbers drawn into it must survive coding, a
// keyframe comes when asked for, and the size, rate and bitrate change mid-stream without a new decoder.
#include "VideoTestSupport.h"

#include "media/video/VideoDecoder.h"
#include "media/video/VideoEncoder.h"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace ward;
using namespace ward::media;
using namespace ward::media::test;

TEST_CASE(
    "VP8 at 800 kbit/s shows the 640x480 test pattern at a mean PSNR of at least 32 dB", "[media][video]")
{
    const CodedRun run = codeTestPattern(640, 480, 30, 800000, 90);
    std::printf("VP8 640x480 30 fps 800 kbit/s: mean PSNR %.2f dB over %d of %d frames, %.0f kbit/s\n",
        run.meanPsnr(), run.codedFrames, run.sourceFrames, run.bitsPerSecond(30) / 1000);
    CHECK(run.meanPsnr() >= 32.0);
    // Rate control drops a frame only now and then, and keeps near the target over three seconds.
    CHECK(run.codedFrames >= 80);
    CHECK(run.keyframes == 1);
    CHECK(run.bitsPerSecond(30) < 800000 * 1.3);
    CHECK(run.bitsPerSecond(30) > 800000 * 0.5);
}

TEST_CASE("The frame number in the test pattern reads back after VP8 coding", "[media][video]")
{
    struct Case {
        int width;
        int height;
        int bitrate;
    };
    const auto c = GENERATE(Case { 640, 480, 800000 }, Case { 320, 180, 150000 });
    CAPTURE(c.width, c.height, c.bitrate);
    const CodedRun run = codeTestPattern(c.width, c.height, 30, c.bitrate, 60);
    REQUIRE(run.codedFrames >= 50);
    for (std::size_t i = 0; i < run.readNumber.size(); ++i) {
        CAPTURE(run.sourceIndex[i], run.psnr[i]);
        REQUIRE(run.readNumber[i].has_value());
        CHECK(*run.readNumber[i] == run.sourceIndex[i]);
    }
}

TEST_CASE("A keyframe comes when asked for, and only the first frame is one otherwise", "[media][video]")
{
    auto encoder = VideoEncoder::create(encoderSettings(320, 180, 30, 300000));
    REQUIRE(encoder.ok());
    auto decoder = VideoDecoder::create(1);
    REQUIRE(decoder.ok());
    const TestPatternSource pattern(320, 180, 30);
    std::uint16_t expectedPictureId = 0;
    for (std::uint64_t index = 0; index < 20; ++index) {
        const bool ask = index == 7 || index == 13;
        auto encoded = encoder->encode(pattern.render(index), ask);
        REQUIRE(encoded.ok());
        REQUIRE(encoded.value().has_value());
        const EncodedFrame& frame = *encoded.value();
        CAPTURE(index);
        CHECK(frame.keyframe == (index == 0 || ask));
        CHECK(frame.pictureId == expectedPictureId++);
        CHECK(frame.width == 320);
        CHECK(frame.height == 180);
        CHECK(frame.timestamp == videoTimestamp(pattern.render(index).captureTime));
        CHECK(decoder->decode(frame).ok());
    }
}

TEST_CASE("The encoder changes size mid-stream with a keyframe and the decoder follows", "[media][video]")
{
    auto encoder = VideoEncoder::create(encoderSettings(640, 480, 30, 800000));
    REQUIRE(encoder.ok());
    auto decoder = VideoDecoder::create(2);
    REQUIRE(decoder.ok());
    const TestPatternSource large(640, 480, 30);
    const TestPatternSource small(320, 180, 30);
    CodedRun before;
    codeFrames(encoder.value(), decoder.value(), large, 0, 15, before);

    REQUIRE(encoder->reconfigure(encoderSettings(320, 180, 30, 250000)).ok());
    CHECK(encoder->settings().width == 320);
    auto stale = encoder->encode(large.render(15), false);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().code == ErrorCode::InvalidArgument);
    CHECK_FALSE(stale.error().message.isEmpty());

    auto first = encoder->encode(small.render(15), false);
    REQUIRE(first.ok());
    REQUIRE(first.value().has_value());
    CHECK(first.value()->keyframe);
    auto decoded = decoder->decode(*first.value());
    REQUIRE(decoded.ok());
    CHECK(decoded->width == 320);
    CHECK(decoded->height == 180);

    CodedRun after;
    codeFrames(encoder.value(), decoder.value(), small, 16, 30, after);
    CHECK(after.keyframes == 0);
    CHECK(after.meanPsnr() >= 30.0);
    for (std::size_t i = 0; i < after.readNumber.size(); ++i) {
        CHECK(after.readNumber[i] == std::optional<std::uint64_t>(after.sourceIndex[i]));
    }
}

TEST_CASE("A lower bitrate takes effect in place, without a keyframe", "[media][video]")
{
    auto encoder = VideoEncoder::create(encoderSettings(640, 480, 30, 1500000));
    REQUIRE(encoder.ok());
    auto decoder = VideoDecoder::create(2);
    REQUIRE(decoder.ok());
    const TestPatternSource pattern(640, 480, 30);
    CodedRun high;
    codeFrames(encoder.value(), decoder.value(), pattern, 0, 45, high);

    REQUIRE(encoder->reconfigure(encoderSettings(640, 480, 30, 300000)).ok());
    CHECK(encoder->settings().bitrate == 300000);
    // Warm-up, then measure at the new rate.
    CodedRun settle;
    codeFrames(encoder.value(), decoder.value(), pattern, 45, 15, settle);
    CodedRun low;
    codeFrames(encoder.value(), decoder.value(), pattern, 60, 45, low);
    CHECK(settle.keyframes == 0);
    CHECK(low.keyframes == 0);
    CHECK(double(low.bytes) < 0.5 * double(high.bytes));
    CHECK(low.meanPsnr() > 28.0);
}

TEST_CASE("The encoder refuses pictures that are not I420 of its size, and bad settings", "[media][video]")
{
    auto encoder = VideoEncoder::create(encoderSettings(320, 180, 30, 300000));
    REQUIRE(encoder.ok());
    VideoFrame wrongSize = VideoFrame::blankI420(320, 240);
    VideoFrame wrongFormat = VideoFrame::blankI420(320, 180);
    wrongFormat.format = PixelFormat::NV12;
    VideoFrame shortData = VideoFrame::blankI420(320, 180);
    shortData.data.pop_back();
    for (const VideoFrame* frame : { &wrongSize, &wrongFormat, &shortData }) {
        auto result = encoder->encode(*frame, false);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::InvalidArgument);
        CHECK_FALSE(result.error().message.isEmpty());
    }

    VideoEncoderSettings bad = encoderSettings(0, 180, 30, 300000);
    CHECK_FALSE(VideoEncoder::create(bad).ok());
    bad = encoderSettings(4000, 180, 30, 300000);
    CHECK_FALSE(VideoEncoder::create(bad).ok());
    bad = encoderSettings(320, 180, 0, 300000);
    CHECK_FALSE(VideoEncoder::create(bad).ok());
    bad = encoderSettings(320, 180, 30, 0);
    CHECK_FALSE(VideoEncoder::create(bad).ok());
    CHECK_FALSE(encoder->reconfigure(bad).ok());
    CHECK(encoder->settings().bitrate == 300000);
}

TEST_CASE("A damaged or unanchored frame is a decoding error, never a crash", "[media][video]")
{
    auto encoder = VideoEncoder::create(encoderSettings(320, 180, 30, 300000));
    REQUIRE(encoder.ok());
    const TestPatternSource pattern(320, 180, 30);
    std::vector<EncodedFrame> frames;
    for (std::uint64_t index = 0; index < 3; ++index) {
        auto encoded = encoder->encode(pattern.render(index), false);
        REQUIRE(encoded.ok());
        REQUIRE(encoded.value().has_value());
        frames.push_back(*encoded.value());
    }
    REQUIRE(frames[0].keyframe);

    auto decoder = VideoDecoder::create(1);
    REQUIRE(decoder.ok());
    // A delta frame before any keyframe has nothing to refer to.
    auto orphan = decoder->decode(frames[1]);
    REQUIRE_FALSE(orphan.ok());
    CHECK(orphan.error().code == ErrorCode::Corrupt);
    CHECK_FALSE(orphan.error().message.isEmpty());

    EncodedFrame empty;
    CHECK_FALSE(decoder->decode(empty).ok());
    EncodedFrame truncated = frames[0];
    truncated.data.truncate(truncated.data.size() / 3);
    CHECK_FALSE(decoder->decode(truncated).ok());
    EncodedFrame huge = frames[0];
    huge.data[6] = char(0xff); // width 16383
    huge.data[7] = char(0x3f);
    CHECK_FALSE(decoder->decode(huge).ok());
    // After a failure only a keyframe is taken.
    CHECK_FALSE(decoder->decode(frames[1]).ok());

    REQUIRE(decoder->decode(frames[0]).ok());
    CHECK(decoder->decode(frames[1]).ok());
    CHECK(decoder->decode(frames[2]).ok());
}
