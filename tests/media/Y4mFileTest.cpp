// YUV4MPEG2 files feed recorded video into the headless harness and keep what the receiver showed. A file
// must round-trip exactly, play at its own frame rate, and a header Ward cannot read must be refused with
// a sentence rather than misread.
#include "media/io/Y4mFile.h"
#include "media/io/TestPatternSource.h"
#include "media/video/Psnr.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QTemporaryDir>

using namespace ward;
using namespace ward::media;

namespace {

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    REQUIRE(file.write(bytes) == bytes.size());
}

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

} // namespace

TEST_CASE("Frames written to a Y4M file read back identical, at the file's frame rate", "[media][video]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("round.y4m"));
    const TestPatternSource pattern(160, 90, 25);
    {
        auto sink = Y4mFileSink::create(path, 160, 90, 25);
        REQUIRE(sink.ok());
        for (std::uint64_t i = 0; i < 10; ++i) {
            sink.value()->show(pattern.render(i), MediaTime(i) * 40000);
        }
        REQUIRE(sink.value()->finish().ok());
    }
    const QByteArray file = readBytes(path);
    CHECK(file.startsWith("YUV4MPEG2 W160 H90 F25:1 "));
    const qsizetype frameBytes = qsizetype(pixelFormatBytes(PixelFormat::I420, 160, 90));
    CHECK(file.size() == file.indexOf('\n') + 1 + 10 * (6 + frameBytes));

    auto source = Y4mFileSource::open(path);
    REQUIRE(source.ok());
    Y4mFileSource& player = *source.value();
    CHECK(player.frameRate() == 25);
    CHECK(player.header().width == 160);
    CHECK(player.header().height == 90);
    for (std::uint64_t i = 0; i < 10; ++i) {
        const MediaTime now = MediaTime(i) * 40000;
        auto frame = player.frameAt(now);
        REQUIRE(frame);
        CHECK(frame->sourceIndex == i);
        CHECK(frame->captureTime == now);
        CHECK(psnrI420(frame.value(), pattern.render(i)) == kIdenticalPsnr);
        CHECK_FALSE(player.frameAt(now + 20000)); // the same frame is not handed out twice
        CHECK_FALSE(player.finished());
    }
    CHECK_FALSE(player.frameAt(400000));
    CHECK(player.finished());
}

TEST_CASE("A Y4M source steps over frames whose time passed, and a sink scales to its size", "[media][video]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("scaled.y4m"));
    const TestPatternSource pattern(640, 360, 30);
    {
        auto sink = Y4mFileSink::create(path, 320, 180, 30000.0 / 1001.0);
        REQUIRE(sink.ok());
        for (std::uint64_t i = 0; i < 6; ++i) {
            sink.value()->show(pattern.render(i), 0);
        }
        REQUIRE(sink.value()->finish().ok());
    }
    auto source = Y4mFileSource::open(path);
    REQUIRE(source.ok());
    CHECK(source.value()->header().rateNumerator == 30000);
    CHECK(source.value()->header().rateDenominator == 1001);
    CHECK(source.value()->header().width == 320);
    auto frame = source.value()->frameAt(fromMilliseconds(140)); // frame 4 of 29.97 per second
    REQUIRE(frame);
    CHECK(frame->sourceIndex == 4);
    CHECK(frame->width == 320);
    CHECK(TestPatternSource::readFrameNumber(frame.value()) == std::optional<std::uint64_t>(4));
}

TEST_CASE("A Y4M file that ends inside a frame stops there", "[media][video]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("cut.y4m"));
    const QByteArray frame(16 * 16 * 3 / 2, '\x50');
    writeBytes(path,
        "YUV4MPEG2 W16 H16 F10:1 C420paldv XYSCSS=420PALDV\nFRAME\n" + frame + "FRAME Ixyz\n"
            + frame.left(100));
    auto source = Y4mFileSource::open(path);
    REQUIRE(source.ok());
    CHECK(source.value()->frameAt(0));
    CHECK_FALSE(source.value()->frameAt(100000));
    CHECK(source.value()->finished());
}

TEST_CASE("Y4M headers Ward cannot read are refused with a sentence", "[media][video]")
{
    const char* bad[] = {
        "YUV4MPEG W64 H48 F30:1\n", // no magic
        "RIFF....WAVEfmt \n", "YUV4MPEG2 W0 H48 F30:1\n", "YUV4MPEG2 W99999 H48\n",
        "YUV4MPEG2 W64 F30:1\n", // no height
        "YUV4MPEG2 W64 H-48\n", "YUV4MPEG2 W64 H48 F30\n", "YUV4MPEG2 W64 H48 F0:1\n",
        "YUV4MPEG2 W64 H48 F30:0\n", "YUV4MPEG2 W64 H48 F3a:1\n", "YUV4MPEG2 W64 H48 F5000:1\n",
        "YUV4MPEG2 W64 H48 C444\n", "YUV4MPEG2 W64 H48 C420p10\n",
        "YUV4MPEG2 W64 H48", // no end of line
    };
    for (const char* header : bad) {
        CAPTURE(header);
        auto parsed = Y4mHeader::parse(QByteArray(header));
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == ErrorCode::Corrupt);
        CHECK(parsed.error().message.endsWith(QLatin1Char('.')));
    }
    // A header line that does not end within 1 KiB.
    const QByteArray longLine = "YUV4MPEG2 W64 H48 X" + QByteArray(1100, 'a') + "\n";
    CHECK_FALSE(Y4mHeader::parse(longLine).ok());
}

TEST_CASE("Y4M headers in the forms other tools write are read", "[media][video]")
{
    const auto [text, rate]
        = GENERATE(std::pair { "YUV4MPEG2 W64 H48 F30:1 Ip A1:1 C420jpeg XYSCSS=420JPEG\n", 30.0 },
            std::pair { "YUV4MPEG2 W64 H48 F25:1 C420mpeg2\n", 25.0 },
            std::pair { "YUV4MPEG2 H48 W64 C420\n", 30.0 },
            std::pair { "YUV4MPEG2 W64 H48 F24000:1001 C420paldv\nFRAME\n", 24000.0 / 1001.0 });
    CAPTURE(text);
    auto parsed = Y4mHeader::parse(QByteArray(text));
    REQUIRE(parsed.ok());
    CHECK(parsed->width == 64);
    CHECK(parsed->height == 48);
    CHECK(parsed->frameRate() == Approx(rate));
    CHECK(parsed->headerBytes == QByteArray(text).indexOf('\n') + 1);
}

TEST_CASE("Opening a missing Y4M file or writing an invalid one fails with a sentence", "[media][video]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    auto missing = Y4mFileSource::open(dir.filePath(QStringLiteral("absent.y4m")));
    REQUIRE_FALSE(missing.ok());
    CHECK_FALSE(missing.error().message.isEmpty());
    CHECK_FALSE(Y4mFileSink::create(dir.filePath(QStringLiteral("a.y4m")), 0, 48, 30).ok());
    CHECK_FALSE(Y4mFileSink::create(dir.filePath(QStringLiteral("b.y4m")), 64, 48, 0).ok());
    CHECK_FALSE(Y4mFileSink::create(dir.filePath(QStringLiteral("no/such/dir/c.y4m")), 64, 48, 30).ok());

    auto sink = Y4mFileSink::create(dir.filePath(QStringLiteral("d.y4m")), 64, 48, 30);
    REQUIRE(sink.ok());
    VideoFrame broken = VideoFrame::blankI420(64, 48);
    broken.data.resize(10);
    sink.value()->show(broken, 0);
    auto finished = sink.value()->finish();
    REQUIRE_FALSE(finished.ok());
    CHECK_FALSE(finished.error().message.isEmpty());
}
