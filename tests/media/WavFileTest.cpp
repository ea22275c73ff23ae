// WAV files in and out: what the sink writes reads back sample for sample, a 44.1 kHz stereo file plays at
// the engine rate, and headers that are cut off, in another encoding, too long or made of too many chunks are
// refused with a sentence rather than played as noise.
#include "DspTestSignals.h"

#include "media/audio/AudioAnalysis.h"
#include "media/io/WavFile.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>

#include <cmath>
#include <numbers>

using namespace ward::media;
using namespace ward::media::test;

namespace {

QByteArray le16(quint16 value)
{
    QByteArray out(2, '\0');
    qToLittleEndian(value, out.data());
    return out;
}

QByteArray le32(quint32 value)
{
    QByteArray out(4, '\0');
    qToLittleEndian(value, out.data());
    return out;
}

QByteArray chunk(const char* id, const QByteArray& body)
{
    QByteArray out = QByteArray(id, 4) + le32(static_cast<quint32>(body.size())) + body;
    if (body.size() % 2 != 0) {
        out.append('\0');
    }
    return out;
}

QByteArray fmtBody(quint16 format, quint16 channels, quint32 rate, quint16 bits)
{
    const auto blockAlign = static_cast<quint16>(channels * bits / 8);
    return le16(format) + le16(channels) + le32(rate) + le32(rate * blockAlign) + le16(blockAlign)
        + le16(bits);
}

QByteArray riff(const QByteArray& chunks)
{
    return "RIFF" + le32(static_cast<quint32>(4 + chunks.size())) + "WAVE" + chunks;
}

QByteArray pcm(const std::vector<std::int16_t>& samples)
{
    QByteArray out;
    for (const std::int16_t s : samples) {
        out += le16(static_cast<quint16>(s));
    }
    return out;
}

QByteArray wav(int rate, int channels, const std::vector<std::int16_t>& samples)
{
    return riff(chunk("fmt ", fmtBody(1, static_cast<quint16>(channels), static_cast<quint32>(rate), 16))
        + chunk("data", pcm(samples)));
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    REQUIRE(file.write(bytes) == bytes.size());
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

// The error sentence WavFormat::parse gives for `bytes`; the parse must fail.
QString refusal(const QByteArray& bytes)
{
    const auto parsed = WavFormat::parse(bytes);
    REQUIRE_FALSE(parsed);
    QString message = parsed.error().message;
    CHECK(message.endsWith(QLatin1Char('.')));
    return message;
}

AudioFrame noiseFrame(WhiteNoise& noise, int samples, int channels)
{
    AudioFrame frame = noise.read(samples * channels);
    frame.channels = channels;
    return frame;
}

} // namespace

TEST_CASE("What the WAV sink writes, the WAV source reads back sample for sample", "[media][dsp]")
{
    const int channels = GENERATE(1, 2);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("round.wav"));
    WhiteNoise noise(11, 0.8);
    std::vector<std::int16_t> written;
    {
        auto sink = WavFileSink::create(path, channels);
        REQUIRE(sink);
        for (int i = 0; i < 5; ++i) {
            const AudioFrame frame = noiseFrame(noise, 480, channels);
            written.insert(written.end(), frame.samples.begin(), frame.samples.end());
            (*sink)->write(frame, MediaTime { i } * 10000);
        }
        REQUIRE((*sink)->finish());
    }
    const QByteArray bytes = readFile(path);
    CHECK(bytes.size() == 44 + static_cast<qsizetype>(written.size()) * 2);
    const auto format = WavFormat::parse(bytes);
    REQUIRE(format);
    CHECK(format->sampleRate == kEngineSampleRate);
    CHECK(format->channels == channels);
    CHECK(format->dataOffset == 44);
    CHECK(format->dataBytes == static_cast<qint64>(written.size()) * 2);

    auto source = WavFileSource::open(path);
    REQUIRE(source);
    CHECK((*source)->channels() == channels);
    std::vector<std::int16_t> read;
    std::uint32_t expectedTimestamp = 0;
    for (int i = 0; i < 3; ++i) { // 3 x 800 samples: 2400 = all five frames, no more
        CHECK_FALSE((*source)->finished());
        const AudioFrame frame = (*source)->read(800, 77);
        CHECK(frame.timestamp == expectedTimestamp);
        CHECK(frame.captureTime == 77);
        CHECK(frame.channels == channels);
        expectedTimestamp += 800;
        read.insert(read.end(), frame.samples.begin(), frame.samples.end());
    }
    CHECK(read == written);
    CHECK((*source)->finished());
    const AudioFrame after = (*source)->read(480, 0);
    CHECK(after.sampleCount() == 480);
    CHECK(std::all_of(after.samples.begin(), after.samples.end(), [](std::int16_t s) { return s == 0; }));
    CHECK((*source)->finished());
}

TEST_CASE(
    "A WAV sink dropped without finish still leaves a readable file with the right sizes", "[media][dsp]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dropped.wav"));
    {
        auto sink = WavFileSink::create(path, 1);
        REQUIRE(sink);
        (*sink)->write(AudioFrame::silence(960), 0);
    }
    const auto format = WavFormat::parse(readFile(path));
    REQUIRE(format);
    CHECK(format->dataBytes == 1920);
    CHECK(readFile(path).size() == 44 + 1920);
}

TEST_CASE("A WAV sink reports a frame of the wrong rate or channels instead of writing it", "[media][dsp]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("wrong.wav"));
    auto sink = WavFileSink::create(path, 1);
    REQUIRE(sink);
    (*sink)->write(AudioFrame::silence(480), 0);
    (*sink)->write(AudioFrame::silence(160, 1, 16000), 0);
    (*sink)->write(AudioFrame::silence(480), 0);
    const auto finished = (*sink)->finish();
    REQUIRE_FALSE(finished);
    CHECK(finished.error().message.contains(QStringLiteral("48000 Hz")));
    // What came before the bad frame is intact.
    const auto format = WavFormat::parse(readFile(path));
    REQUIRE(format);
    CHECK(format->dataBytes == 960);
    CHECK_FALSE(WavFileSink::create(dir.filePath(QStringLiteral("three.wav")), 3));
    CHECK_FALSE(WavFileSink::create(dir.filePath(QStringLiteral("missing/folder.wav")), 1));
}

TEST_CASE("A 44.1 kHz stereo WAV file plays at 48 kHz with its channels and pitch kept", "[media][dsp]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cd.wav"));
    std::vector<std::int16_t> samples;
    for (int i = 0; i < 44100; ++i) { // one second: 1 kHz left, 2.5 kHz right
        samples.push_back(static_cast<std::int16_t>(
            std::lround(8000 * std::sin(2 * std::numbers::pi * 1000 * i / 44100.0))));
        samples.push_back(static_cast<std::int16_t>(
            std::lround(8000 * std::sin(2 * std::numbers::pi * 2500 * i / 44100.0))));
    }
    writeFile(path, wav(44100, 2, samples));

    auto source = WavFileSource::open(path);
    REQUIRE(source);
    CHECK((*source)->channels() == 2);
    std::vector<std::int16_t> left;
    std::vector<std::int16_t> right;
    int frames = 0;
    while (!(*source)->finished() && frames < 200) {
        const AudioFrame frame = (*source)->read(480, 0);
        REQUIRE(frame.sampleRate == kEngineSampleRate);
        REQUIRE(frame.channels == 2);
        for (std::size_t i = 0; i + 1 < frame.samples.size(); i += 2) {
            left.push_back(frame.samples[i]);
            right.push_back(frame.samples[i + 1]);
        }
        ++frames;
    }
    // One second at 48 kHz is exactly 100 frames of 10 ms; the last one ends the file.
    CHECK(frames == 100);
    CHECK(tonePowerShare(left.data() + 2400, left.size() - 4800, kEngineSampleRate, 1000.0) > 0.99);
    CHECK(tonePowerShare(right.data() + 2400, right.size() - 4800, kEngineSampleRate, 2500.0) > 0.99);
    // The file's last milliseconds came out of the resampler's filter rather than staying in it (they would
    // read as the silence the source pads with).
    CHECK(rmsDbfs(left.data() + left.size() - 48, 48) > -22.0);
}

TEST_CASE("A WAV header with unknown chunks, odd-sized ones padded, and an extensible format is read",
    "[media][dsp]")
{
    QByteArray extensible = fmtBody(0xfffe, 1, 16000, 16) + le16(22) + le16(16) + le32(4)
        + QByteArray::fromHex("0100000000001000800000aa00389b71");
    const QByteArray bytes = riff(chunk("LIST", QByteArray("abc")) + chunk("fmt ", extensible)
        + chunk("fact", le32(4)) + chunk("data", pcm({ 1, 2, 3, 4 })));
    const auto format = WavFormat::parse(bytes);
    REQUIRE(format);
    CHECK(format->sampleRate == 16000);
    CHECK(format->channels == 1);
    CHECK(format->dataOffset == bytes.size() - 8);
    CHECK(format->dataBytes == 8);
}

TEST_CASE("WAV headers that are cut off, in another encoding or too large are refused with a sentence",
    "[media][dsp]")
{
    const QByteArray data = chunk("data", pcm({ 1, 2, 3, 4 }));
    const QByteArray good = riff(chunk("fmt ", fmtBody(1, 1, 48000, 16)) + data);
    REQUIRE(WavFormat::parse(good));

    CHECK(refusal(good.left(30)).contains(QStringLiteral("cut off")));
    CHECK(refusal(good.left(8)).contains(QStringLiteral("too short")));
    CHECK(refusal("RIFX" + good.mid(4)).contains(QStringLiteral("not a WAV file")));
    CHECK(refusal(riff(chunk("fmt ", fmtBody(1, 1, 48000, 8)) + data)).contains(QStringLiteral("8-bit")));
    CHECK(refusal(riff(chunk("fmt ", fmtBody(3, 1, 48000, 32)) + data))
              .contains(QStringLiteral("floating-point")));
    CHECK(refusal(riff(chunk("fmt ", fmtBody(2, 1, 48000, 16)) + data)).contains(QStringLiteral("format 2")));
    CHECK(
        refusal(riff(chunk("fmt ", fmtBody(1, 3, 48000, 16)) + data)).contains(QStringLiteral("3 channels")));
    CHECK(refusal(riff(chunk("fmt ", fmtBody(1, 1, 4000, 16)) + data)).contains(QStringLiteral("4000 Hz")));
    CHECK(refusal(riff(chunk("fmt ", fmtBody(1, 1, 48000, 16).left(14)) + data))
              .contains(QStringLiteral("14 bytes")));
    CHECK(refusal(riff(data + chunk("fmt ", fmtBody(1, 1, 48000, 16))))
              .contains(QStringLiteral("before its format")));
    CHECK(refusal(
        riff(chunk("fmt ", fmtBody(1, 1, 48000, 16)) + chunk("fmt ", fmtBody(1, 1, 48000, 16)) + data))
              .contains(QStringLiteral("two format")));
    // Odd sample data in a mono 16-bit file is half a sample.
    CHECK(refusal(riff(chunk("fmt ", fmtBody(1, 1, 48000, 16)) + chunk("data", QByteArray(3, 'x'))))
              .contains(QStringLiteral("whole number")));
    // A block size that contradicts the channels.
    QByteArray contradicting = fmtBody(1, 2, 48000, 16);
    qToLittleEndian<quint16>(2, contradicting.data() + 12);
    CHECK(refusal(riff(chunk("fmt ", contradicting) + data)).contains(QStringLiteral("contradicts")));
    // A chunk longer than the RIFF size allows.
    QByteArray overrun = good;
    qToLittleEndian<quint32>(400, overrun.data() + 40);
    CHECK(refusal(overrun).contains(QStringLiteral("runs past")));
    // A RIFF size over 2 GiB.
    QByteArray huge = good;
    qToLittleEndian<quint32>(0xfffffff0u, huge.data() + 4);
    CHECK(refusal(huge).contains(QStringLiteral("2 GiB")));
}

TEST_CASE("A WAV header of too many chunks or over 64 KiB is refused", "[media][dsp]")
{
    QByteArray many;
    for (int i = 0; i < kMaxWavChunks; ++i) {
        many += chunk("junk", QByteArray());
    }
    const QByteArray format = chunk("fmt ", fmtBody(1, 1, 48000, 16));
    const QByteArray data = chunk("data", pcm({ 1, 2 }));
    CHECK(refusal(riff(many + format + data)).contains(QStringLiteral("more than 64 chunks")));
    // kMaxWavChunks chunks in all (62 junk, format, data) are fine.
    CHECK(WavFormat::parse(riff(many.left(qsizetype { 8 } * (kMaxWavChunks - 2)) + format + data)));

    const QByteArray bigList = chunk("LIST", QByteArray(70000, 'm'));
    CHECK(refusal(riff(format + bigList + data)).contains(QStringLiteral("64 KiB")));
    // The same metadata within 64 KiB is skipped.
    CHECK(WavFormat::parse(riff(format + chunk("LIST", QByteArray(60000, 'm')) + data)));
}

TEST_CASE("A WAV file shorter than its header says is refused when opened", "[media][dsp]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.wav"));
    const QByteArray whole = wav(48000, 1, std::vector<std::int16_t>(4800, 100));
    writeFile(path, whole.left(whole.size() - 10));
    const auto source = WavFileSource::open(path);
    REQUIRE_FALSE(source);
    CHECK(source.error().message.contains(QStringLiteral("cut off")));
    const auto missing = WavFileSource::open(dir.filePath(QStringLiteral("absent.wav")));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ward::ErrorCode::Io);
    CHECK_FALSE(missing.error().message.isEmpty());
}
