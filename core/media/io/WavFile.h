// WAV files (RIFF, PCM 16-bit, 1 or 2 channels): a source that reads one at the engine rate (resampling
// what is not 48 kHz) and a sink that writes what was played out. Parsing has size limits: a header chunk
// list of at most kMaxWavChunks chunks and files of at most kMaxWavBytes.
#pragma once

#include "common/Result.h"
#include "media/io/AudioSink.h"
#include "media/io/AudioSource.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <memory>

namespace ward::media {

inline constexpr int kMaxWavChunks = 64;
inline constexpr qint64 kMaxWavBytes = qint64 { 1 } << 31;

struct WavFormat {
    int sampleRate = 0;
    int channels = 0;
    qint64 dataOffset = 0; // where the samples start
    qint64 dataBytes = 0;
    // Reads the header of a WAV file from its first bytes (at most 64 KiB are looked at).
    static Result<WavFormat> parse(const QByteArray& head);
};

class WavFileSource final : public AudioSource {
public:
    static Result<std::unique_ptr<WavFileSource>> open(const QString& path);
    AudioFrame read(int sampleCount, MediaTime now) override;
    int channels() const override;
    bool finished() const override;

private:
    struct State;
    explicit WavFileSource(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;

public:
    ~WavFileSource() override;
};

class WavFileSink final : public AudioSink {
public:
    static Result<std::unique_ptr<WavFileSink>> create(const QString& path, int channels = 1);
    void write(const AudioFrame& frame, MediaTime now) override;
    // Writes the final sizes into the header and closes the file.
    Status finish();
    ~WavFileSink() override;

private:
    WavFileSink(std::unique_ptr<QFile> file, int channels);
    std::unique_ptr<QFile> m_file;
    int m_channels;
    qint64 m_dataBytes = 0;
    QString m_problem; // the first thing that went wrong, reported by finish(); later frames are dropped
};

} // namespace ward::media
