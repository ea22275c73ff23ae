#include "devices/CameraSource.h"

#include "devices/VideoFrameMapping.h"

#include <QCameraFormat>
#include <QMediaDevices>

#include <algorithm>
#include <tuple>
#include <utility>

namespace ward::devices {

namespace {

// A call's picture does not need more than 720p at 30 frames a second; more only costs bandwidth and CPU.
constexpr int kWantedWidth = 1280;
constexpr int kWantedHeight = 720;
constexpr float kWantedFrameRate = 30.0F;

// The camera mode to ask for: one the engine takes without scaling, at most 720p when the camera has it,
// in a layout copied as it is, and a frame rate near 30; among equals the larger picture.
QCameraFormat chooseFormat(const QList<QCameraFormat>& formats)
{
    QCameraFormat best;
    auto rank = [](const QCameraFormat& format) {
        const QSize size = format.resolution();
        const bool within720 = size.width() <= kWantedWidth && size.height() <= kWantedHeight;
        const bool direct = isMappedDirectly(format.pixelFormat());
        const float rate = std::min(format.maxFrameRate(), kWantedFrameRate);
        return std::make_tuple(within720, direct, rate, size.width() * size.height());
    };
    for (const QCameraFormat& format : formats) {
        const QSize size = format.resolution();
        if (size.width() > media::kMaxVideoWidth || size.height() > media::kMaxVideoHeight) {
            continue;
        }
        if (best.isNull() || rank(format) > rank(best)) {
            best = format;
        }
    }
    return best;
}

QString cameraErrorText()
{
    return QStringLiteral("The camera could not be started. Check that it is connected and that no other "
                          "program is using it, or continue without video.");
}

} // namespace

CameraSource::CameraSource(QObject* parent)
    : QObject(parent)
{
    // Direct: pictures are copied on the thread that delivers them, so the GUI thread never waits on a copy
    // of someone else's.
    connect(&m_sink, &QVideoSink::videoFrameChanged, this, &CameraSource::onVideoFrame, Qt::DirectConnection);
}

CameraSource::~CameraSource()
{
    stopCamera();
}

Status CameraSource::open(const QCameraDevice& device)
{
    stopCamera();
    m_wanted = true;
    m_followsDefault = device.isNull();
    m_device = m_followsDefault ? QMediaDevices::defaultVideoInput() : device;
    if (m_device.isNull()) {
        return fail(ErrorCode::NotFound,
            QStringLiteral("No camera was found. Connect a camera, or continue the visit without video."));
    }
    m_error.clear();
    m_camera = new QCamera(m_device, this);
    const QCameraFormat format = chooseFormat(m_device.videoFormats());
    if (!format.isNull()) {
        m_camera->setCameraFormat(format);
    }
    m_newest.setFrameRate(format.isNull() || format.maxFrameRate() <= 0
            ? kDefaultFrameRate
            : static_cast<double>(format.maxFrameRate()));
    connect(m_camera, &QCamera::errorOccurred, this, &CameraSource::onCameraError);
    if (!m_session) {
        m_session = std::make_unique<QMediaCaptureSession>();
        m_session->setVideoSink(&m_sink);
    }
    m_session->setCamera(m_camera);
    m_camera->start();
    if (m_camera->error() != QCamera::NoError) {
        stopCamera();
        return fail(ErrorCode::Io, cameraErrorText());
    }
    return {};
}

void CameraSource::close()
{
    m_wanted = false;
    stopCamera();
}

Status CameraSource::fail(ErrorCode code, const QString& message)
{
    m_error = message;
    return makeError(code, message);
}

void CameraSource::stopCamera()
{
    if (m_camera) {
        m_camera->disconnect(this);
        m_camera->stop();
        m_session->setCamera(nullptr);
        // Not deleted here: this may run inside one of the camera's own signals.
        m_camera->deleteLater();
    }
    m_camera = nullptr;
}

void CameraSource::onCameraError(QCamera::Error error, const QString& /*description*/)
{
    if (error == QCamera::NoError) {
        return;
    }
    // Qt's description is for developers; the person gets what to do.
    stopCamera();
    m_error = cameraErrorText();
    emit failed(m_error);
}

void CameraSource::onVideoFrame(const QVideoFrame& frame)
{
    if (!frame.isValid()) {
        return;
    }
    Result<media::VideoFrame> mapped = mapVideoFrame(frame);
    if (!mapped) {
        m_newest.countDropped();
        return;
    }
    m_newest.put(std::move(mapped).value());
}

std::optional<media::VideoFrame> CameraSource::frameAt(media::MediaTime now)
{
    return m_newest.take(now);
}

double CameraSource::frameRate() const
{
    return m_newest.frameRate();
}

std::uint64_t CameraSource::droppedFrames() const
{
    return m_newest.dropped();
}

} // namespace ward::devices
