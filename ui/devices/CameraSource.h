// The camera as the pipeline's VideoSource: a QCamera in a QMediaCaptureSession feeding a QVideoSink; each
// QVideoFrame is copied into an engine VideoFrame of the matching format (VideoFrameMapping) and only the
// newest is kept. frameAt() hands a picture over once; asked again before the next one arrives, it has
// nothing. With no camera, or a camera that fails, open() and failed() say so in a plain sentence.
//
// Threads: open(), close(), device(), followsDefault(), isActive(), errorString() and videoSink() belong to
// the thread the object lives in (the GUI thread). Pictures arrive on whatever thread the video sink delivers
// them (the GUI thread or a multimedia backend thread). frameAt(), frameRate() and droppedFrames() are the
// pipeline's and may be called from any thread: the newest picture, its counters and the frame rate live in
// a NewestFrame, which locks for itself and emits nothing.
#pragma once

#include "NewestFrame.h"
#include "common/Result.h"
#include "media/io/VideoSource.h"

#include <QCamera>
#include <QCameraDevice>
#include <QMediaCaptureSession>
#include <QObject>
#include <QPointer>
#include <QVideoFrame>
#include <QVideoSink>

#include <cstdint>
#include <memory>
#include <optional>

namespace ward::devices {

class CameraSource final : public QObject, public media::VideoSource {
    Q_OBJECT
public:
    static constexpr double kDefaultFrameRate = 30.0;

    explicit CameraSource(QObject* parent = nullptr);
    ~CameraSource() override;

    // Starts `device`; a null device means the system default, which DeviceFollower then follows. Replaces a
    // camera already open. On failure the source stays wanted, so a follower opens it once a camera appears.
    Status open(const QCameraDevice& device = {});
    void close();

    QCameraDevice device() const { return m_device; }
    bool followsDefault() const { return m_followsDefault; }
    bool isActive() const { return m_wanted; }
    // The last failure, empty while all is well.
    QString errorString() const { return m_error; }
    // Where the camera's pictures arrive; also a way to hand the source pictures without a camera.
    QVideoSink* videoSink() { return &m_sink; }

    std::optional<media::VideoFrame> frameAt(media::MediaTime now) override;
    double frameRate() const override;
    // Pictures that could not be mapped (a broken buffer, an unreadable format).
    std::uint64_t droppedFrames() const;

signals:
    void failed(const QString& message);

private:
    void onVideoFrame(const QVideoFrame& frame);
    void onCameraError(QCamera::Error error, const QString& description);
    void stopCamera();
    Status fail(ErrorCode code, const QString& message);

    QCameraDevice m_device;
    bool m_followsDefault = true;
    bool m_wanted = false;
    QString m_error;
    QVideoSink m_sink; // before the session, which must go first
    // Made when there is a camera to open: creating one starts the multimedia backend, which a machine
    // without a camera does not need.
    std::unique_ptr<QMediaCaptureSession> m_session;
    QPointer<QCamera> m_camera; // a child, deleted later when replaced

    NewestFrame m_newest { kDefaultFrameRate };
};

} // namespace ward::devices
