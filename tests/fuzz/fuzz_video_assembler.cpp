// Video pieces arrive from the network in any order, damaged or made up. The input is a script of pieces for
// a FrameAssembler, and every frame it hands out goes into a VP8 decoder. In one mode the pieces are made
// up from the input; in the other they are the pieces of a real VP8 stream (the test pattern), delivered
// in the order the input chooses, some dropped, repeated, cut short or with bytes changed, so that the
// decoder sees nearly valid frames. Nothing may crash, and:
//   - after the assembler asked for a keyframe, the next frame it hands out is a keyframe;
//   - a frame handed out is never empty nor larger than the assembler's limit;
//   - a decoding error carries a sentence, and a decoded picture is a valid I420 picture;
//   - the counters add up (no more complete frames than pieces, no more refusals than pieces).
#include "media/io/TestPatternSource.h"
#include "media/video/FrameAssembler.h"
#include "media/video/VideoDecoder.h"
#include "media/video/VideoEncoder.h"
#include "media/video/VideoPacketizer.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {

using namespace ward::media;

// Eight frames of a small pattern, keyframes at 0 and 5, cut into pieces.
const std::vector<QByteArray>& realPieces()
{
    static const std::vector<QByteArray> pieces = [] {
        VideoEncoderSettings settings;
        settings.width = 176;
        settings.height = 144;
        settings.bitrate = 400000;
        settings.threads = 1;
        auto encoder = VideoEncoder::create(settings);
        if (!encoder) {
            std::abort();
        }
        const TestPatternSource pattern(settings.width, settings.height, settings.frameRate);
        std::vector<QByteArray> out;
        for (std::uint64_t i = 0; i < 8; ++i) {
            auto encoded = encoder->encode(pattern.render(i), i == 5);
            if (encoded.ok() && encoded.value()) {
                for (QByteArray& piece : packetizeVideoFrame(*encoded.value())) {
                    out.push_back(std::move(piece));
                }
            }
        }
        return out;
    }();
    return pieces;
}

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size)
        : m_data(data)
        , m_size(size)
    { }
    bool empty() const { return m_offset >= m_size; }
    std::uint8_t byte() { return m_offset < m_size ? m_data[m_offset++] : 0; }
    QByteArray take(std::size_t count)
    {
        count = std::min(count, m_size - m_offset);
        QByteArray out(reinterpret_cast<const char*>(m_data + m_offset), static_cast<qsizetype>(count));
        m_offset += count;
        return out;
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_offset = 0;
};

// A made-up piece at a sequence number near the last one (a step back is a reordering).
std::pair<std::uint64_t, QByteArray> madeUpPiece(Input& input, std::uint64_t& sequence)
{
    sequence += static_cast<std::uint64_t>(static_cast<std::int64_t>(input.byte() % 16) - 4);
    const std::size_t length = (input.byte() | (std::size_t { input.byte() } << 8)) % 1300;
    return { sequence, input.take(length) };
}

// A piece of the real stream, perhaps damaged. The op byte chooses which: the next one in stream order (so
// that runs of zero bytes play the stream as sent), one the input names, the previous one again, or the one
// after next (a loss). Its sequence number is its place in the stream, shifted when the input says so (a
// shift that differs between pieces of one frame opens a hole).
std::pair<std::uint64_t, QByteArray> realPiece(Input& input, std::size_t& next)
{
    const auto& pieces = realPieces();
    const std::uint8_t op = input.byte();
    switch (op & 0x0c) {
    case 0x04:
        next = input.byte();
        break;
    case 0x08:
        next = next == 0 ? 0 : next - 1;
        break;
    case 0x0c:
        ++next;
        break;
    default:
        break;
    }
    const std::size_t index = next++ % pieces.size();
    QByteArray piece = pieces[index];
    if ((op & 0x01) != 0 && !piece.isEmpty()) {
        const std::size_t at
            = (input.byte() | (std::size_t { input.byte() } << 8)) % std::size_t(piece.size());
        piece[static_cast<qsizetype>(at)] = static_cast<char>(input.byte());
    }
    if ((op & 0x02) != 0) {
        piece.truncate(static_cast<qsizetype>((input.byte() * std::size_t(piece.size())) / 256));
    }
    const std::uint64_t shift = (op & 0x10) != 0 ? op >> 5 : 0;
    return { index + shift, piece };
}

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    Input input(data + 1, size - 1);
    // Zero bytes play the real stream as it was sent, the easiest start for the fuzzer to build on.
    const bool real = (data[0] & 1) == 0;
    FrameAssembler assembler;
    auto decoder = VideoDecoder::create(1);
    check(decoder.ok());
    std::uint64_t sequence = 1000;
    std::size_t next = 0;
    std::uint64_t handedOut = 0;
    while (!input.empty()) {
        const auto [at, piece] = real ? realPiece(input, next) : madeUpPiece(input, sequence);
        bool neededKeyframe = assembler.needsKeyframe();
        assembler.insert(at, reinterpret_cast<const std::uint8_t*>(piece.constData()),
            static_cast<std::size_t>(piece.size()), 0);
        while (auto frame = assembler.takeFrame()) {
            ++handedOut;
            check(!neededKeyframe || frame->keyframe);
            check(!frame->data.isEmpty() && std::size_t(frame->data.size()) <= kMaxAssembledFrameBytes);
            auto picture = decoder->decode(*frame);
            if (picture.ok()) {
                check(picture->valid() && picture->format == PixelFormat::I420);
            } else {
                check(!picture.error().message.isEmpty());
                assembler.decodeFailed();
            }
            neededKeyframe = assembler.needsKeyframe();
        }
    }
    const FrameAssemblerStats& stats = assembler.stats();
    check(stats.framesComplete == handedOut);
    check(stats.framesComplete <= stats.pieces);
    check(stats.malformed + stats.duplicates <= stats.pieces);
    return 0;
}
