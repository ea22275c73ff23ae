#include "media/io/WavFile.h"

#include "media/audio/Resampler.h"

#include <QtEndian>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

namespace ward::media {

namespace {
constexpr qint64 kMaxHeadBytes = qint64 { 64 } * 1024;
constexpr qint64 kChunkHeaderBytes = 8;
constexpr qint64 kRiffHeaderBytes = 12;
constexpr qint64 kCanonicalHeaderBytes = 44;
constexpr int kMinRate = 8000;
constexpr int kMaxRate = 192000;
constexpr quint16 kFormatPcm = 1;
constexpr quint16 kFormatFloat = 3;
constexpr quint16 kFormatExtensible = 0xfffe;
// KSDATAFORMAT_SUBTYPE_PCM after its first two bytes (the format code).
constexpr std::array<unsigned char, 14> kSubformatTail { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00,
    0xaa, 0x00, 0x38, 0x9b, 0x71 };

quint16 le16(const char* p)
{
    return qFromLittleEndian<quint16>(p);
}

quint32 le32(const char* p)
{
    return qFromLittleEndian<quint32>(p);
}

Error corrupt(const QString& sentence)
{
    return makeError(ErrorCode::Corrupt, sentence);
}

Error unsupported(const QString& sentence)
{
    return makeError(ErrorCode::InvalidArgument, sentence);
}

// The header ran out before the samples began: either the file ends there or the header is over the limit.
Error headerEnds(const QByteArray& head)
{
    if (head.size() >= kMaxHeadBytes) {
        return corrupt(QStringLiteral("The WAV header is larger than 64 KiB; Ward does not read such files. "
                                      "Save the recording again without the extra metadata."));
    }
    return corrupt(QStringLiteral("The WAV file is cut off inside its header."));
}

// The format chunk: 16-bit PCM (plain or WAVE_FORMAT_EXTENSIBLE), mono or stereo, 8 to 192 kHz.
Result<WavFormat> parseFormatChunk(const char* chunk, quint32 size)
{
    if (size != 16 && size != 18 && size != 40) {
        return corrupt(QStringLiteral("The WAV format chunk has an unexpected size of %1 bytes.").arg(size));
    }
    quint16 format = le16(chunk);
    const quint16 channels = le16(chunk + 2);
    const quint32 rate = le32(chunk + 4);
    const quint32 byteRate = le32(chunk + 8);
    const quint16 blockAlign = le16(chunk + 12);
    const quint16 bits = le16(chunk + 14);
    if (format == kFormatExtensible) {
        if (size != 40 || std::memcmp(chunk + 26, kSubformatTail.data(), kSubformatTail.size()) != 0) {
            return unsupported(QStringLiteral("The WAV file uses an extensible format Ward does not read; "
                                              "convert it to 16-bit PCM."));
        }
        format = le16(chunk + 24);
    }
    if (format == kFormatFloat) {
        return unsupported(QStringLiteral("The WAV file holds floating-point samples; Ward reads 16-bit PCM. "
                                          "Convert it to 16-bit PCM first."));
    }
    if (format != kFormatPcm) {
        return unsupported(QStringLiteral("The WAV file is compressed or in an unknown encoding (format %1); "
                                          "Ward reads 16-bit PCM. Convert it first.")
                               .arg(format));
    }
    if (bits != 16) {
        return unsupported(QStringLiteral("The WAV file holds %1-bit samples; Ward reads 16-bit PCM. "
                                          "Convert it to 16-bit PCM first.")
                               .arg(bits));
    }
    if (channels < 1 || channels > 2) {
        return unsupported(
            QStringLiteral("The WAV file has %1 channels; Ward plays mono or stereo files.").arg(channels));
    }
    if (rate < static_cast<quint32>(kMinRate) || rate > static_cast<quint32>(kMaxRate)) {
        return unsupported(QStringLiteral("The WAV file's sample rate of %1 Hz is outside the 8000 to "
                                          "192000 Hz Ward plays.")
                               .arg(rate));
    }
    if (blockAlign != channels * 2 || byteRate != rate * blockAlign) {
        return corrupt(QStringLiteral("The WAV format chunk contradicts itself (its block size or byte rate "
                                      "does not match its channels and rate)."));
    }
    WavFormat parsed;
    parsed.sampleRate = static_cast<int>(rate);
    parsed.channels = channels;
    return parsed;
}
} // namespace

Result<WavFormat> WavFormat::parse(const QByteArray& head)
{
    const qint64 limit = std::min<qint64>(head.size(), kMaxHeadBytes);
    const char* bytes = head.constData();
    if (limit < kRiffHeaderBytes) {
        return corrupt(QStringLiteral("The file is too short to be a WAV file."));
    }
    if (std::memcmp(bytes, "RIFF", 4) != 0 || std::memcmp(bytes + 8, "WAVE", 4) != 0) {
        return corrupt(QStringLiteral("The file is not a WAV file: it does not begin with RIFF and WAVE."));
    }
    const qint64 riffEnd = qint64 { le32(bytes + 4) } + 8;
    if (riffEnd > kMaxWavBytes) {
        return unsupported(
            QStringLiteral("The WAV file is larger than 2 GiB; Ward does not read such files."));
    }
    std::optional<WavFormat> format;
    qint64 position = kRiffHeaderBytes;
    for (int chunks = 1;; ++chunks) {
        if (chunks > kMaxWavChunks) {
            return corrupt(
                QStringLiteral("The WAV file has more than %1 chunks before its samples; Ward does "
                               "not read it.")
                    .arg(kMaxWavChunks));
        }
        if (position + kChunkHeaderBytes > limit) {
            return headerEnds(head);
        }
        const char* id = bytes + position;
        const quint32 size = le32(id + 4);
        const qint64 body = position + kChunkHeaderBytes;
        if (body + size > riffEnd) {
            return corrupt(
                QStringLiteral("A chunk of the WAV file runs past the end its RIFF header gives."));
        }
        if (std::memcmp(id, "data", 4) == 0) {
            if (!format) {
                return corrupt(QStringLiteral("The WAV file has samples before its format chunk."));
            }
            if (size % static_cast<quint32>(format->channels * 2) != 0) {
                return corrupt(
                    QStringLiteral("The WAV file's sample data is not a whole number of samples."));
            }
            format->dataOffset = body;
            format->dataBytes = size;
            return *format;
        }
        if (std::memcmp(id, "fmt ", 4) == 0) {
            if (format) {
                return corrupt(QStringLiteral("The WAV file has two format chunks."));
            }
            if (body + size > limit) {
                return headerEnds(head);
            }
            auto parsed = parseFormatChunk(id + kChunkHeaderBytes, size);
            if (!parsed) {
                return parsed.error();
            }
            format = parsed.value();
        }
        // RIFF pads every chunk to an even length; the pad byte is not counted in its size.
        position = body + size + (size & 1u);
    }
}

// --- WavFileSource ---------------------------------------------------------------------------------------

namespace {
constexpr int kReadMilliseconds = 20;
} // namespace

struct WavFileSource::State {
    QFile file;
    WavFormat format;
    qint64 remainingBytes = 0;
    std::optional<Resampler> resampler;
    std::uint64_t inputFrames = 0; // read from the file, per channel
    std::uint64_t resampledFrames = 0; // produced by the resampler, per channel
    bool inputDone = false;
    std::vector<std::int16_t> pending; // engine-rate samples not yet handed out, from pendingStart
    std::size_t pendingStart = 0;
    std::uint32_t timestamp = 0;

    std::size_t pendingSize() const { return pending.size() - pendingStart; }
    void append(const std::vector<std::int16_t>& samples);
    void pull();
    void flushResampler();
};

void WavFileSource::State::append(const std::vector<std::int16_t>& samples)
{
    if (pendingStart > 0) {
        pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(pendingStart));
        pendingStart = 0;
    }
    pending.insert(pending.end(), samples.begin(), samples.end());
}

// Reads the next block of the file and turns it into engine-rate samples.
void WavFileSource::State::pull()
{
    const qint64 blockAlign = qint64 { format.channels } * 2;
    const qint64 blockFrames = qint64 { format.sampleRate } * kReadMilliseconds / 1000;
    const qint64 wantBytes = std::min(remainingBytes, blockFrames * blockAlign);
    const QByteArray raw = wantBytes > 0 ? file.read(wantBytes) : QByteArray();
    // A short read (the file changed under us, or an I/O error) ends the input at the last whole frame.
    const qint64 gotBytes = raw.size() - raw.size() % blockAlign;
    if (gotBytes < wantBytes || wantBytes == 0) {
        remainingBytes = 0;
        inputDone = true;
    } else {
        remainingBytes -= gotBytes;
        inputDone = remainingBytes == 0;
    }
    AudioFrame input;
    input.sampleRate = format.sampleRate;
    input.channels = format.channels;
    input.samples.resize(static_cast<std::size_t>(gotBytes / 2));
    for (std::size_t i = 0; i < input.samples.size(); ++i) {
        input.samples[i] = static_cast<std::int16_t>(le16(raw.constData() + 2 * i));
    }
    inputFrames += static_cast<std::uint64_t>(input.sampleCount());
    if (!resampler) {
        append(input.samples);
        return;
    }
    const AudioFrame output = resampler->process(input);
    resampledFrames += static_cast<std::uint64_t>(output.sampleCount());
    append(output.samples);
    if (inputDone) {
        flushResampler();
    }
}

// The resampler holds the last few milliseconds in its filter: push silence through until the output is as
// long as the file's duration at the engine rate, and no longer.
void WavFileSource::State::flushResampler()
{
    const std::uint64_t expected = inputFrames * static_cast<std::uint64_t>(kEngineSampleRate)
        / static_cast<std::uint64_t>(format.sampleRate);
    const AudioFrame silence = AudioFrame::silence(
        format.sampleRate * kReadMilliseconds / 1000, format.channels, format.sampleRate);
    for (int round = 0; round < 4 && resampledFrames < expected; ++round) {
        AudioFrame tail = resampler->process(silence);
        const auto keep = std::min<std::uint64_t>(
            static_cast<std::uint64_t>(tail.sampleCount()), expected - resampledFrames);
        tail.samples.resize(static_cast<std::size_t>(keep) * static_cast<std::size_t>(format.channels));
        resampledFrames += keep;
        append(tail.samples);
    }
}

WavFileSource::WavFileSource(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }

WavFileSource::~WavFileSource() = default;

Result<std::unique_ptr<WavFileSource>> WavFileSource::open(const QString& path)
{
    auto state = std::make_unique<State>();
    state->file.setFileName(path);
    if (!state->file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::Io,
            QStringLiteral("The WAV file could not be opened: %1.").arg(state->file.errorString()));
    }
    const qint64 fileSize = state->file.size();
    if (fileSize > kMaxWavBytes) {
        return unsupported(
            QStringLiteral("The WAV file is larger than 2 GiB; Ward does not read such files."));
    }
    auto format = WavFormat::parse(state->file.read(std::min(fileSize, kMaxHeadBytes)));
    if (!format) {
        return format.error();
    }
    if (format->dataOffset + format->dataBytes > fileSize) {
        return corrupt(
            QStringLiteral("The WAV file is shorter than its header says; it may have been cut off "
                           "while it was written."));
    }
    if (!state->file.seek(format->dataOffset)) {
        return makeError(ErrorCode::Io,
            QStringLiteral("The WAV file could not be read: %1.").arg(state->file.errorString()));
    }
    if (format->sampleRate != kEngineSampleRate) {
        auto resampler = Resampler::create(format->channels, format->sampleRate, kEngineSampleRate);
        if (!resampler) {
            return resampler.error();
        }
        state->resampler.emplace(std::move(resampler).value());
    }
    state->format = format.value();
    state->remainingBytes = format->dataBytes;
    return std::unique_ptr<WavFileSource>(new WavFileSource(std::move(state)));
}

AudioFrame WavFileSource::read(int sampleCount, MediaTime now)
{
    State& s = *m_state;
    AudioFrame frame = AudioFrame::silence(std::max(0, sampleCount), s.format.channels);
    frame.timestamp = s.timestamp;
    frame.captureTime = now;
    while (s.pendingSize() < frame.samples.size() && !s.inputDone) {
        s.pull();
    }
    // Past the end the rest of the frame stays silent; the timeline keeps moving.
    const std::size_t take = std::min(s.pendingSize(), frame.samples.size());
    std::copy_n(s.pending.begin() + static_cast<std::ptrdiff_t>(s.pendingStart), take, frame.samples.begin());
    s.pendingStart += take;
    s.timestamp += static_cast<std::uint32_t>(frame.sampleCount());
    return frame;
}

int WavFileSource::channels() const
{
    return m_state->format.channels;
}

bool WavFileSource::finished() const
{
    return m_state->inputDone && m_state->pendingSize() == 0;
}

// --- WavFileSink -----------------------------------------------------------------------------------------

namespace {
void putLe16(QByteArray& out, int offset, quint16 value)
{
    qToLittleEndian(value, out.data() + offset);
}

void putLe32(QByteArray& out, int offset, quint32 value)
{
    qToLittleEndian(value, out.data() + offset);
}

QByteArray canonicalHeader(int channels, qint64 dataBytes)
{
    QByteArray header(kCanonicalHeaderBytes, '\0');
    const auto blockAlign = static_cast<quint16>(channels * 2);
    std::memcpy(header.data(), "RIFF", 4);
    putLe32(header, 4, static_cast<quint32>(kCanonicalHeaderBytes - 8 + dataBytes));
    std::memcpy(header.data() + 8, "WAVEfmt ", 8);
    putLe32(header, 16, 16);
    putLe16(header, 20, kFormatPcm);
    putLe16(header, 22, static_cast<quint16>(channels));
    putLe32(header, 24, static_cast<quint32>(kEngineSampleRate));
    putLe32(header, 28, static_cast<quint32>(kEngineSampleRate) * blockAlign);
    putLe16(header, 32, blockAlign);
    putLe16(header, 34, 16);
    std::memcpy(header.data() + 36, "data", 4);
    putLe32(header, 40, static_cast<quint32>(dataBytes));
    return header;
}
} // namespace

WavFileSink::WavFileSink(std::unique_ptr<QFile> file, int channels)
    : m_file(std::move(file))
    , m_channels(channels)
{ }

Result<std::unique_ptr<WavFileSink>> WavFileSink::create(const QString& path, int channels)
{
    if (channels < 1 || channels > 2) {
        return unsupported(
            QStringLiteral("A WAV recording is mono or stereo, not %1 channels.").arg(channels));
    }
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return makeError(
            ErrorCode::Io, QStringLiteral("The WAV file could not be created: %1.").arg(file->errorString()));
    }
    if (file->write(canonicalHeader(channels, 0)) != kCanonicalHeaderBytes) {
        return makeError(
            ErrorCode::Io, QStringLiteral("The WAV file could not be written: %1.").arg(file->errorString()));
    }
    return std::unique_ptr<WavFileSink>(new WavFileSink(std::move(file), channels));
}

void WavFileSink::write(const AudioFrame& frame, MediaTime /*now*/)
{
    if (!m_file->isOpen() || !m_problem.isEmpty()) {
        return;
    }
    if (frame.sampleRate != kEngineSampleRate || frame.channels != m_channels) {
        m_problem = QStringLiteral("A frame that was not %1 Hz with %2 channel(s) could not be recorded.")
                        .arg(QString::number(kEngineSampleRate), QString::number(m_channels));
        return;
    }
    const auto bytes = static_cast<qint64>(frame.samples.size()) * 2;
    if (kCanonicalHeaderBytes + m_dataBytes + bytes > kMaxWavBytes) {
        m_problem
            = QStringLiteral("The recording reached the 2 GiB limit of a WAV file; the rest was not saved.");
        return;
    }
    QByteArray encoded(static_cast<qsizetype>(bytes), '\0');
    for (std::size_t i = 0; i < frame.samples.size(); ++i) {
        qToLittleEndian(frame.samples[i], encoded.data() + 2 * i);
    }
    if (m_file->write(encoded) != bytes) {
        m_problem = QStringLiteral("The recording could not be written: %1.").arg(m_file->errorString());
        return;
    }
    m_dataBytes += bytes;
}

Status WavFileSink::finish()
{
    if (!m_file->isOpen()) {
        return m_problem.isEmpty() ? Status() : Status(makeError(ErrorCode::Io, m_problem));
    }
    const QByteArray header = canonicalHeader(m_channels, m_dataBytes);
    // Only the two size fields change; rewriting the whole header is as cheap and keeps one writer of it.
    const bool written = m_file->seek(0) && m_file->write(header) == kCanonicalHeaderBytes && m_file->flush();
    if (!written && m_problem.isEmpty()) {
        m_problem
            = QStringLiteral("The recording's header could not be completed: %1.").arg(m_file->errorString());
    }
    m_file->close();
    return m_problem.isEmpty() ? Status() : Status(makeError(ErrorCode::Io, m_problem));
}

WavFileSink::~WavFileSink()
{
    if (m_file && m_file->isOpen()) {
        (void)finish();
    }
}

} // namespace ward::media
