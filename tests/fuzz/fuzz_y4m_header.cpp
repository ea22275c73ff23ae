// Y4M files come from outside (recordings fed to the headless harness). The input is used twice: as the
// first bytes of a file for Y4mHeader::parse and, when that accepts it, as a whole file played by
// Y4mFileSource until it ends.
// Nothing may crash, and:
//   - a refusal carries a sentence;
//   - an accepted header is within the limits (size, rate, a header line of at most 1 KiB ending in a
//     newline), and the header written back from its values parses to the same values;
//   - every frame the source plays is a valid I420 picture of the header's size, at a new index.
#include "media/io/Y4mFile.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace {

using namespace ward::media;

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

// Returns whether the header was accepted.
bool checkHeader(const QByteArray& head)
{
    auto parsed = Y4mHeader::parse(head);
    if (!parsed.ok()) {
        check(!parsed.error().message.isEmpty());
        return false;
    }
    const Y4mHeader& header = parsed.value();
    check(header.width >= 1 && header.width <= kMaxVideoWidth);
    check(header.height >= 1 && header.height <= kMaxVideoHeight);
    check(header.frameRate() > 0 && header.frameRate() <= 1000);
    check(header.headerBytes >= 1 && header.headerBytes <= 1024 && header.headerBytes <= head.size());
    check(head[header.headerBytes - 1] == '\n');

    const QByteArray again
        = QStringLiteral("YUV4MPEG2 W%1 H%2 F%3:%4\n")
              .arg(QString::number(header.width), QString::number(header.height),
                  QString::number(header.rateNumerator), QString::number(header.rateDenominator))
              .toLatin1();
    auto reparsed = Y4mHeader::parse(again);
    check(reparsed.ok() && reparsed->width == header.width && reparsed->height == header.height
        && reparsed->rateNumerator == header.rateNumerator
        && reparsed->rateDenominator == header.rateDenominator);
    return true;
}

void playFile(const QByteArray& bytes)
{
    static QTemporaryDir dir;
    check(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("input.y4m"));
    {
        QFile file(path);
        check(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        check(file.write(bytes) == bytes.size());
    }
    auto source = Y4mFileSource::open(path);
    if (!source.ok()) {
        check(!source.error().message.isEmpty());
        return;
    }
    Y4mFileSource& player = *source.value();
    const Y4mHeader& header = player.header();
    std::uint64_t lastIndex = 0;
    bool any = false;
    // Frames at every frame time, then a jump ahead: both the reading and the stepping over are exercised.
    for (int step = 0; step < 64 && !player.finished(); ++step) {
        const double seconds = step < 32 ? step / player.frameRate() : (step * 3) / player.frameRate();
        auto frame = player.frameAt(static_cast<MediaTime>(seconds * 1e6));
        if (frame) {
            check(frame->valid() && frame->format == PixelFormat::I420);
            check(frame->width == header.width && frame->height == header.height);
            check(!any || frame->sourceIndex > lastIndex);
            lastIndex = frame->sourceIndex;
            any = true;
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    // A file whose header is refused never gets further (the source parses the same first 1 KiB), so only
    // the others are worth writing out and playing.
    if (checkHeader(bytes.left(1024))) {
        playFile(bytes);
    }
    return 0;
}
