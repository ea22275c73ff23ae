#include "media/io/Y4mFile.h"

#include "media/video/ColorConverter.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

namespace ward::media {

namespace {

constexpr qsizetype kMaxHeaderBytes = 1024;
constexpr double kMaxFrameRate = 1000;
const QByteArray kMagic = QByteArrayLiteral("YUV4MPEG2 ");
const QByteArray kFrameMagic = QByteArrayLiteral("FRAME");

Error badHeader(const QString& what)
{
    return makeError(ErrorCode::Corrupt,
        QStringLiteral("The file is not a YUV4MPEG2 video Ward can read: %1. Convert it, for example with "
                       "ffmpeg -pix_fmt yuv420p, and try again.")
            .arg(what));
}

// A positive decimal number of at most nine digits; nothing for anything else (signs, spaces, zero).
std::optional<int> parsePositive(const QByteArray& text)
{
    if (text.isEmpty() || text.size() > 9) {
        return std::nullopt;
    }
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value > 0 ? std::optional<int>(value) : std::nullopt;
}

bool knownColourSpace(const QByteArray& tag)
{
    return tag == "420" || tag == "420jpeg" || tag == "420paldv" || tag == "420mpeg2";
}

std::uint64_t frameIndex(MediaTime now, double rate)
{
    // One microsecond of slack for callers that round frame times to whole microseconds.
    return static_cast<std::uint64_t>(
        std::floor(static_cast<double>(now + 1) * rate / static_cast<double>(kMicrosecondsPerSecond)));
}

// The frame rate as the fraction the header wants: whole rates as N:1, NTSC rates as N:1001.
std::pair<int, int> rateFraction(double rate)
{
    if (std::abs(rate - std::round(rate)) < 1e-6) {
        return { static_cast<int>(std::lround(rate)), 1 };
    }
    const double ntsc = rate * 1001.0;
    if (std::abs(ntsc - std::round(ntsc)) < 1e-3) {
        return { static_cast<int>(std::lround(ntsc)), 1001 };
    }
    const auto numerator = static_cast<int>(std::lround(rate * 1000.0));
    const int divisor = std::gcd(numerator, 1000);
    return { numerator / divisor, 1000 / divisor };
}

} // namespace

Result<Y4mHeader> Y4mHeader::parse(const QByteArray& head)
{
    if (!head.startsWith(kMagic)) {
        return badHeader(QStringLiteral("it does not start with YUV4MPEG2"));
    }
    const qsizetype newline = head.indexOf('\n');
    if (newline < 0 || newline >= kMaxHeaderBytes) {
        return badHeader(QStringLiteral("its header line does not end within 1 KiB"));
    }
    Y4mHeader header;
    header.headerBytes = newline + 1;
    const QList<QByteArray> tags = head.mid(kMagic.size(), newline - kMagic.size()).split(' ');
    for (const QByteArray& tag : tags) {
        if (tag.isEmpty()) {
            continue;
        }
        const QByteArray value = tag.mid(1);
        switch (tag[0]) {
        case 'W':
        case 'H': {
            const auto size = parsePositive(value);
            if (!size) {
                return badHeader(
                    QStringLiteral("its picture %1 is not a positive number")
                        .arg(tag[0] == 'W' ? QStringLiteral("width") : QStringLiteral("height")));
            }
            (tag[0] == 'W' ? header.width : header.height) = *size;
            break;
        }
        case 'F': {
            const qsizetype colon = value.indexOf(':');
            const auto numerator = parsePositive(value.left(colon));
            const auto denominator = parsePositive(value.mid(colon + 1));
            if (colon < 0 || !numerator || !denominator) {
                return badHeader(QStringLiteral("its frame rate is not a fraction of two positive numbers"));
            }
            header.rateNumerator = *numerator;
            header.rateDenominator = *denominator;
            break;
        }
        case 'C':
            if (!knownColourSpace(value)) {
                return badHeader(QStringLiteral("its colour space is not 8-bit 4:2:0"));
            }
            break;
        default:
            break; // interlacing, aspect ratio and extensions do not change how the frames are read
        }
    }
    if (header.width == 0 || header.height == 0) {
        return badHeader(QStringLiteral("its header gives no picture width (W) or height (H)"));
    }
    if (header.width > kMaxVideoWidth || header.height > kMaxVideoHeight) {
        return badHeader(QStringLiteral("its pictures are larger than %1x%2")
                             .arg(QString::number(kMaxVideoWidth), QString::number(kMaxVideoHeight)));
    }
    if (header.frameRate() > kMaxFrameRate) {
        return badHeader(QStringLiteral("its frame rate is above 1000 frames per second"));
    }
    return header;
}

struct Y4mFileSource::State {
    QFile file;
    Y4mHeader header;
    qint64 frameBytes = 0;
    std::optional<std::uint64_t> lastIndex; // the frame handed out last
    std::uint64_t position = 0; // the frame the file is positioned at
    bool finished = false;

    // Reads the frame the file is at into `frame`, or steps over it when `frame` is null.
    bool readFrame(VideoFrame* frame);
};

bool Y4mFileSource::State::readFrame(VideoFrame* frame)
{
    const QByteArray line = file.readLine(kMaxHeaderBytes + 1);
    if (!line.endsWith('\n') || !line.startsWith(kFrameMagic)
        || (line.size() > kFrameMagic.size() + 1 && line[kFrameMagic.size()] != ' ')) {
        return false;
    }
    ++position;
    // A file that ends inside the frame ends here, before a picture's worth of memory is set aside for it.
    if (file.size() - file.pos() < frameBytes) {
        return false;
    }
    if (frame == nullptr) {
        return file.seek(file.pos() + frameBytes);
    }
    frame->format = PixelFormat::I420;
    frame->width = header.width;
    frame->height = header.height;
    frame->data.resize(static_cast<std::size_t>(frameBytes));
    return file.read(reinterpret_cast<char*>(frame->data.data()), frameBytes) == frameBytes;
}

Result<std::unique_ptr<Y4mFileSource>> Y4mFileSource::open(const QString& path)
{
    auto state = std::make_unique<State>();
    state->file.setFileName(path);
    if (!state->file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral("The video file %1 could not be opened: %2.")
                .arg(path, state->file.errorString()));
    }
    auto header = Y4mHeader::parse(state->file.read(kMaxHeaderBytes));
    if (!header) {
        return header.error();
    }
    state->header = header.value();
    state->frameBytes
        = static_cast<qint64>(pixelFormatBytes(PixelFormat::I420, state->header.width, state->header.height));
    if (!state->file.seek(state->header.headerBytes)) {
        return makeError(ErrorCode::Io, QStringLiteral("The video file %1 could not be read.").arg(path));
    }
    return std::unique_ptr<Y4mFileSource>(new Y4mFileSource(std::move(state)));
}

Y4mFileSource::Y4mFileSource(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }

Y4mFileSource::~Y4mFileSource() = default;

std::optional<VideoFrame> Y4mFileSource::frameAt(MediaTime now)
{
    State& state = *m_state;
    if (state.finished || now < 0) {
        return std::nullopt;
    }
    const std::uint64_t index = frameIndex(now, state.header.frameRate());
    if (state.lastIndex && index <= *state.lastIndex) {
        return std::nullopt;
    }
    // Frames whose time has passed unseen are stepped over; a frame line that does not parse ends the file
    // as its end does.
    while (state.position < index) {
        if (!state.readFrame(nullptr)) {
            state.finished = true;
            return std::nullopt;
        }
    }
    VideoFrame frame;
    if (!state.readFrame(&frame)) {
        state.finished = true;
        return std::nullopt;
    }
    state.lastIndex = index;
    frame.captureTime = now;
    frame.sourceIndex = index;
    return frame;
}

double Y4mFileSource::frameRate() const
{
    return m_state->header.frameRate();
}

bool Y4mFileSource::finished() const
{
    return m_state->finished;
}

const Y4mHeader& Y4mFileSource::header() const
{
    return m_state->header;
}

struct Y4mFileSink::State {
    QFile file;
    int width = 0;
    int height = 0;
    bool finished = false;
    std::optional<Error> error; // the first failure, reported by finish()
};

Result<std::unique_ptr<Y4mFileSink>> Y4mFileSink::create(
    const QString& path, int width, int height, double frameRate)
{
    if (width < 1 || width > kMaxVideoWidth || height < 1 || height > kMaxVideoHeight) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A video file of %1x%2 is not supported; choose a size up to %3x%4.")
                .arg(QString::number(width), QString::number(height), QString::number(kMaxVideoWidth),
                    QString::number(kMaxVideoHeight)));
    }
    if (!(frameRate >= 0.01 && frameRate <= kMaxFrameRate)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A video file's frame rate must be between 0.01 and 1000 frames per second."));
    }
    auto state = std::make_unique<State>();
    state->width = width;
    state->height = height;
    state->file.setFileName(path);
    if (!state->file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return makeError(ErrorCode::Io,
            QStringLiteral("The video file %1 could not be created: %2.")
                .arg(path, state->file.errorString()));
    }
    const auto [numerator, denominator] = rateFraction(frameRate);
    const QByteArray header = QStringLiteral("YUV4MPEG2 W%1 H%2 F%3:%4 Ip A1:1 C420jpeg\n")
                                  .arg(QString::number(width), QString::number(height),
                                      QString::number(numerator), QString::number(denominator))
                                  .toLatin1();
    if (state->file.write(header) != header.size()) {
        return makeError(ErrorCode::Io,
            QStringLiteral("The video file %1 could not be written: %2.")
                .arg(path, state->file.errorString()));
    }
    return std::unique_ptr<Y4mFileSink>(new Y4mFileSink(std::move(state)));
}

Y4mFileSink::Y4mFileSink(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }

Y4mFileSink::~Y4mFileSink() = default;

void Y4mFileSink::show(const VideoFrame& frame, MediaTime)
{
    State& state = *m_state;
    if (state.finished || state.error) {
        return;
    }
    auto sized = toI420Size(frame, state.width, state.height);
    if (!sized) {
        state.error = sized.error();
        return;
    }
    const auto bytes = static_cast<qint64>(sized->data.size());
    if (state.file.write(kFrameMagic + '\n') != kFrameMagic.size() + 1
        || state.file.write(reinterpret_cast<const char*>(sized->data.data()), bytes) != bytes) {
        state.error = makeError(ErrorCode::Io,
            QStringLiteral("Writing the video file failed (%1); check that the disk has room.")
                .arg(state.file.errorString()));
    }
}

Status Y4mFileSink::finish()
{
    State& state = *m_state;
    if (!state.finished) {
        state.finished = true;
        if (!state.file.flush() && !state.error) {
            state.error = makeError(ErrorCode::Io,
                QStringLiteral("Writing the video file failed (%1); check that the disk has room.")
                    .arg(state.file.errorString()));
        }
        state.file.close();
    }
    if (state.error) {
        return *state.error;
    }
    return {};
}

} // namespace ward::media
