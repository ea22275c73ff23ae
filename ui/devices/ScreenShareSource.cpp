#include "devices/ScreenShareSource.h"

#include "devices/VideoFrameMapping.h"

#include <QGuiApplication>
#include <QPixmap>

#include <cmath>
#include <utility>

namespace ward::devices {

ScreenShareSource::ScreenShareSource(QObject* parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ScreenShareSource::grabNow);
}

Status ScreenShareSource::shareScreen(QScreen* screen, double framesPerSecond)
{
    if (screen == nullptr) {
        return makeError(ErrorCode::NotFound, QStringLiteral("There is no screen to share."));
    }
    return start(screen, 0, framesPerSecond);
}

Status ScreenShareSource::shareWindow(WId window, double framesPerSecond, QScreen* screen)
{
    if (window == 0) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("Choose a window to share."));
    }
    if (screen == nullptr) {
        screen = QGuiApplication::primaryScreen();
    }
    if (screen == nullptr) {
        return makeError(ErrorCode::NotFound, QStringLiteral("There is no screen to share from."));
    }
    return start(screen, window, framesPerSecond);
}

Status ScreenShareSource::start(QScreen* screen, WId window, double framesPerSecond)
{
    if (!std::isfinite(framesPerSecond) || framesPerSecond <= 0) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("Screen sharing needs a picture rate above zero (at most %1 a second).")
                .arg(kMaxFrameRate));
    }
    const double rate = std::min(framesPerSecond, kMaxFrameRate);
    stop();
    m_screen = screen;
    m_window = window;
    m_newest.setFrameRate(rate);
    m_timer.setInterval(std::chrono::milliseconds(std::lround(1000.0 / rate)));
    m_timer.start();
    return {};
}

void ScreenShareSource::stop()
{
    m_timer.stop();
    m_screen = nullptr;
    m_window = 0;
    m_newest.clear();
}

bool ScreenShareSource::grabNow()
{
    if (!m_screen) {
        const bool wasSharing = m_timer.isActive();
        stop();
        if (wasSharing) {
            emit failed(QStringLiteral("The shared screen was disconnected. Choose what to share again."));
        }
        return false;
    }
    const QPixmap pixmap = m_screen->grabWindow(m_window);
    Result<media::VideoFrame> frame
        = imageToFrame(pixmap.toImage(), QSize(media::kMaxVideoWidth, media::kMaxVideoHeight));
    if (!frame) {
        const bool window = m_window != 0;
        stop();
        emit failed(window
                ? QStringLiteral("The shared window can no longer be captured; it may have been "
                                 "closed. Choose what to share again.")
                : QStringLiteral("The screen can no longer be captured. Choose what to share again."));
        return false;
    }
    m_newest.put(std::move(frame).value());
    return true;
}

std::optional<media::VideoFrame> ScreenShareSource::frameAt(media::MediaTime now)
{
    return m_newest.take(now);
}

double ScreenShareSource::frameRate() const
{
    return m_newest.frameRate();
}

} // namespace ward::devices
