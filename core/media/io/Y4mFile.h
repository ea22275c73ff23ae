// YUV4MPEG2 files (C420 family, 8-bit): a source that plays one at its own frame rate (stopping at its end)
// and a sink that writes what was shown. Parsing has limits: a header line of at most 1 KiB, frame sizes
// within kMaxVideoWidth x kMaxVideoHeight.
#pragma once

#include "common/Result.h"
#include "media/io/VideoSink.h"
#include "media/io/VideoSource.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <memory>

namespace ward::media {

struct Y4mHeader {
    int width = 0;
    int height = 0;
    int rateNumerator = 30;
    int rateDenominator = 1;
    qint64 headerBytes = 0; // the header line with its newline
    // Reads the stream header from the first bytes of a file.
    static Result<Y4mHeader> parse(const QByteArray& head);
    double frameRate() const { return rateDenominator > 0 ? double(rateNumerator) / rateDenominator : 0; }
};

class Y4mFileSource final : public VideoSource {
public:
    static Result<std::unique_ptr<Y4mFileSource>> open(const QString& path);
    ~Y4mFileSource() override;
    std::optional<VideoFrame> frameAt(MediaTime now) override;
    double frameRate() const override;
    bool finished() const override;
    const Y4mHeader& header() const;

private:
    struct State;
    explicit Y4mFileSource(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

class Y4mFileSink final : public VideoSink {
public:
    static Result<std::unique_ptr<Y4mFileSink>> create(
        const QString& path, int width, int height, double frameRate);
    ~Y4mFileSink() override;
    // Writes `frame` scaled to the file's size when it differs (I420 only).
    void show(const VideoFrame& frame, MediaTime now) override;
    Status finish();

private:
    struct State;
    explicit Y4mFileSink(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace ward::media
