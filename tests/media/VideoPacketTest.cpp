// Video on the wire: the descriptor in front of every piece, frames cut into pieces that fit the path MTU,
// and the receiver's reassembly, which must rebuild a frame from pieces in any order, give up a frame that
// lost a piece once a later one completes, and then take nothing but a keyframe.
#include "VideoTestSupport.h"

#include "media/pipeline/MediaPayload.h"
#include "media/video/FrameAssembler.h"
#include "media/video/VideoDescriptor.h"
#include "media/video/VideoPacketizer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <random>

using namespace ward;
using namespace ward::media;
using namespace ward::media::test;

namespace {

const std::uint8_t* bytes(const QByteArray& a)
{
    return reinterpret_cast<const std::uint8_t*>(a.constData());
}

// A call's first frames: a keyframe of the 640x480 pattern, then delta frames, with a keyframe asked for at
// the positions `askKeyframe` says. Frames the rate control drops are not in the list.
struct Stream {
    std::vector<EncodedFrame> frames;
    std::vector<std::uint64_t> sourceIndex;
};

Stream encodeStream(std::size_t frames, std::vector<bool> askKeyframe = {})
{
    auto encoder = VideoEncoder::create(encoderSettings(640, 480, 30, 800000));
    REQUIRE(encoder.ok());
    const TestPatternSource pattern(640, 480, 30);
    Stream out;
    for (std::uint64_t index = 0; out.frames.size() < frames; ++index) {
        const std::size_t position = out.frames.size();
        const bool ask = position < askKeyframe.size() && askKeyframe[position];
        auto encoded = encoder->encode(pattern.render(index), ask);
        REQUIRE(encoded.ok());
        if (encoded.value()) {
            out.frames.push_back(*encoded.value());
            out.sourceIndex.push_back(index);
        }
    }
    return out;
}

struct Sender {
    std::uint64_t sequence = 100;
    // The frame's pieces with the sequence numbers the packet protection would give them.
    std::vector<std::pair<std::uint64_t, QByteArray>> send(const EncodedFrame& frame)
    {
        std::vector<std::pair<std::uint64_t, QByteArray>> out;
        for (QByteArray& piece : packetizeVideoFrame(frame)) {
            out.emplace_back(sequence++, std::move(piece));
        }
        return out;
    }
};

void deliver(FrameAssembler& assembler, const std::vector<std::pair<std::uint64_t, QByteArray>>& pieces,
    std::size_t skip = SIZE_MAX)
{
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (i != skip) {
            assembler.insert(
                pieces[i].first, bytes(pieces[i].second), std::size_t(pieces[i].second.size()), 0);
        }
    }
}

} // namespace

TEST_CASE("A video descriptor reads back what was written", "[media][video]")
{
    VideoDescriptor key;
    key.keyframe = true;
    key.first = true;
    key.pictureId = 0x7abc;
    key.timestamp = 0xdeadbeef;
    key.width = 1280;
    key.height = 720;
    std::array<std::uint8_t, kKeyframeDescriptorBytes> out {};
    REQUIRE(key.size() == kKeyframeDescriptorBytes);
    key.write(out.data());
    CHECK(out
        == std::array<std::uint8_t, kKeyframeDescriptorBytes> {
            0x03, 0x7a, 0xbc, 0xde, 0xad, 0xbe, 0xef, 0x05, 0x00, 0x02, 0xd0 });
    auto read = VideoDescriptor::read(out.data(), out.size());
    REQUIRE(read);
    CHECK(read->keyframe);
    CHECK(read->first);
    CHECK_FALSE(read->last);
    CHECK(read->pictureId == 0x7abc);
    CHECK(read->timestamp == 0xdeadbeef);
    CHECK(read->width == 1280);
    CHECK(read->height == 720);

    VideoDescriptor delta;
    delta.last = true;
    delta.pictureId = 5;
    REQUIRE(delta.size() == kVideoDescriptorBytes);
    delta.write(out.data());
    read = VideoDescriptor::read(out.data(), kVideoDescriptorBytes);
    REQUIRE(read);
    CHECK_FALSE(read->keyframe);
    CHECK(read->last);
    CHECK(read->pictureId == 5);
    CHECK(read->width == 0);
}

TEST_CASE("Malformed video descriptors are refused", "[media][video]")
{
    std::array<std::uint8_t, kKeyframeDescriptorBytes> good { 0x03, 0, 1, 0, 0, 0, 1, 0x01, 0x40, 0x00,
        0xb4 };
    REQUIRE(VideoDescriptor::read(good.data(), good.size()));
    CHECK_FALSE(VideoDescriptor::read(good.data(), kKeyframeDescriptorBytes - 1)); // size cut off
    CHECK_FALSE(VideoDescriptor::read(good.data(), kVideoDescriptorBytes - 1));
    auto bad = good;
    bad[0] = 0x0b; // an unknown flag
    CHECK_FALSE(VideoDescriptor::read(bad.data(), bad.size()));
    bad = good;
    bad[1] = 0x80; // the reserved sixteenth bit of the picture id
    CHECK_FALSE(VideoDescriptor::read(bad.data(), bad.size()));
    bad = good;
    bad[7] = 0;
    bad[8] = 0; // width 0
    CHECK_FALSE(VideoDescriptor::read(bad.data(), bad.size()));
    bad = good;
    bad[9] = 0x10; // height 4276
    CHECK_FALSE(VideoDescriptor::read(bad.data(), bad.size()));
}

TEST_CASE(
    "A keyframe is cut into even pieces that fit a payload and reassemble in any order", "[media][video]")
{
    const EncodedFrame keyframe = encodeStream(1).frames.front();
    REQUIRE(keyframe.keyframe);
    REQUIRE(keyframe.data.size() > 10000);
    const auto pieces = packetizeVideoFrame(keyframe);
    REQUIRE(pieces.size() >= 9);
    qsizetype smallest = pieces.front().size();
    qsizetype largest = 0;
    for (const QByteArray& piece : pieces) {
        CHECK(std::size_t(piece.size()) <= kMaxVideoPayloadBytes - kPayloadHeaderBytes);
        smallest = std::min(smallest, piece.size());
        largest = std::max(largest, piece.size());
    }
    CHECK(largest - smallest <= 1);
    // As few pieces as the limit allows.
    const std::size_t sliceBytes = kMaxVideoPayloadBytes - kPayloadHeaderBytes - kVideoDescriptorBytes;
    const std::size_t extra = kKeyframeDescriptorBytes - kVideoDescriptorBytes;
    CHECK(pieces.size() == (std::size_t(keyframe.data.size()) + extra + sliceBytes - 1) / sliceBytes);

    std::vector<std::pair<std::uint64_t, QByteArray>> numbered;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        numbered.emplace_back(1000 + i, pieces[i]);
    }
    const auto seed = GENERATE(1u, 2u, 3u);
    std::mt19937 random(seed);
    std::shuffle(numbered.begin(), numbered.end(), random);

    FrameAssembler assembler;
    for (std::size_t i = 0; i < numbered.size(); ++i) {
        CHECK_FALSE(assembler.takeFrame()); // nothing before the last piece is in
        deliver(assembler, { numbered[i] });
    }
    auto frame = assembler.takeFrame();
    REQUIRE(frame);
    CHECK(frame->data == keyframe.data);
    CHECK(frame->keyframe);
    CHECK(frame->pictureId == keyframe.pictureId);
    CHECK(frame->timestamp == keyframe.timestamp);
    CHECK(frame->width == 640);
    CHECK(frame->height == 480);
    CHECK_FALSE(assembler.needsKeyframe());
    CHECK_FALSE(assembler.takeFrame());
    CHECK(assembler.stats().framesComplete == 1);
    CHECK(assembler.stats().pieces == pieces.size());

    // A piece delivered twice is counted and ignored.
    deliver(assembler, { numbered.front() });
    CHECK(assembler.stats().duplicates == 1);
    CHECK_FALSE(assembler.takeFrame());
}

TEST_CASE("A frame that lost a piece is given up, and only a keyframe is taken after it", "[media][video]")
{
    std::vector<bool> ask(12, false);
    ask[3] = true; // big enough to lose one piece of several
    ask[8] = true; // the sender's answer to the receiver's keyframe request
    const Stream stream = encodeStream(12, ask);
    const auto& frames = stream.frames;
    Sender sender;
    FrameAssembler assembler;
    auto decoder = VideoDecoder::create(1);
    REQUIRE(decoder.ok());

    for (int i = 0; i < 3; ++i) {
        deliver(assembler, sender.send(frames[std::size_t(i)]));
        auto frame = assembler.takeFrame();
        REQUIRE(frame);
        CHECK(frame->pictureId == i);
        CHECK(decoder->decode(*frame).ok());
    }

    // Frame 3 loses its first piece.
    REQUIRE(frames[3].keyframe);
    const auto damaged = sender.send(frames[3]);
    REQUIRE(damaged.size() >= 2);
    deliver(assembler, damaged, 0);
    CHECK_FALSE(assembler.takeFrame());
    CHECK_FALSE(assembler.needsKeyframe()); // its piece may still arrive

    // Frame 4 completes: frame 3 is given up, and frame 4, which refers to it, is refused.
    REQUIRE_FALSE(frames[4].keyframe);
    deliver(assembler, sender.send(frames[4]));
    CHECK_FALSE(assembler.takeFrame());
    CHECK(assembler.needsKeyframe());
    CHECK(assembler.stats().framesLost == 2);

    // The lost piece turns up late: too late.
    deliver(assembler, { damaged.front() });
    CHECK_FALSE(assembler.takeFrame());
    CHECK(assembler.stats().duplicates == 1);

    for (int i = 5; i < 8; ++i) {
        deliver(assembler, sender.send(frames[std::size_t(i)]));
        CHECK_FALSE(assembler.takeFrame());
        CHECK(assembler.needsKeyframe());
    }

    REQUIRE(frames[8].keyframe);
    deliver(assembler, sender.send(frames[8]));
    CHECK_FALSE(assembler.needsKeyframe());
    auto keyframe = assembler.takeFrame();
    REQUIRE(keyframe);
    CHECK(keyframe->keyframe);
    auto picture = decoder->decode(*keyframe);
    REQUIRE(picture.ok());
    CHECK(TestPatternSource::readFrameNumber(picture.value()) == std::optional(stream.sourceIndex[8]));

    for (int i = 9; i < 12; ++i) {
        deliver(assembler, sender.send(frames[std::size_t(i)]));
        auto frame = assembler.takeFrame();
        REQUIRE(frame);
        auto decoded = decoder->decode(*frame);
        REQUIRE(decoded.ok());
        CHECK(TestPatternSource::readFrameNumber(decoded.value())
            == std::optional(stream.sourceIndex[std::size_t(i)]));
    }
    CHECK(assembler.stats().framesComplete == 7);
}

TEST_CASE("The assembler waits for a keyframe at the start and after a decoder failure", "[media][video]")
{
    const auto frames = encodeStream(4, { false, false, false, true }).frames;
    Sender sender;
    FrameAssembler assembler;
    CHECK(assembler.needsKeyframe());
    // Joining after the keyframe: the delta frames cannot be used.
    sender.send(frames[0]);
    deliver(assembler, sender.send(frames[1]));
    CHECK_FALSE(assembler.takeFrame());
    CHECK(assembler.needsKeyframe());
    deliver(assembler, sender.send(frames[3]));
    auto keyframe = assembler.takeFrame();
    REQUIRE(keyframe);
    CHECK(keyframe->keyframe);
    CHECK_FALSE(assembler.needsKeyframe());

    assembler.decodeFailed();
    CHECK(assembler.needsKeyframe());
}

TEST_CASE("Malformed pieces are counted and ignored, and stored pieces stay bounded", "[media][video]")
{
    FrameAssembler assembler;
    const std::array<std::uint8_t, 4> tooShort { 0x07, 0, 0, 0 };
    assembler.insert(1, tooShort.data(), tooShort.size(), 0);
    const QByteArray oversized(1300, '\x02');
    assembler.insert(2, bytes(oversized), std::size_t(oversized.size()), 0);
    CHECK(assembler.stats().malformed == 2);

    // First pieces of frames that never finish: the oldest are given up to make room.
    VideoDescriptor descriptor;
    descriptor.first = true;
    std::array<std::uint8_t, 200> piece {};
    for (std::uint64_t sequence = 0; sequence < 3 * kMaxAssemblerPieces; ++sequence) {
        descriptor.pictureId = std::uint16_t(sequence & 0x7fff);
        descriptor.write(piece.data());
        assembler.insert(10 + 2 * sequence, piece.data(), piece.size(), 0);
    }
    CHECK(assembler.stats().framesLost >= 2 * kMaxAssemblerPieces);
    CHECK_FALSE(assembler.takeFrame());

    // A keyframe still gets through.
    const auto frames = encodeStream(1).frames;
    Sender sender;
    sender.sequence = 1'000'000;
    deliver(assembler, sender.send(frames[0]));
    auto frame = assembler.takeFrame();
    REQUIRE(frame);
    CHECK(frame->data == frames[0].data);
}
