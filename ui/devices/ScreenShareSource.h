// Screen sharing as a VideoSource: a whole screen (QScreen::grabWindow(0)) or one window (by its WId) grabbed
// on a timer at a low rate (5 pictures a second unless asked otherwise, never more than 15: a shared screen
// is read, not watched), as ARGB pictures scaled down to fit 1920x1080 with even sides. Qt 6.4 has no screen
// capture class, and grabbing must happen on the GUI thread, hence the timer there. frameAt() hands each
// picture over once.
//
// Threads: shareScreen(), shareWindow(), stop(), isSharing(), interval() and grabNow() belong to the GUI
// thread. frameAt() and frameRate() are the pipeline's and may be called from any thread: the newest picture,
// its counter and the rate live in a NewestFrame, which locks for itself and emits nothing.
#pragma once

#include "NewestFrame.h"
#include "common/Result.h"
#include "media/io/VideoSource.h"

#include <QObject>
#include <QPointer>
#include <QScreen>
#include <QTimer>
#include <QWindow>

#include <chrono>
#include <cstdint>
#include <optional>

namespace ward::devices {

class ScreenShareSource final : public QObject, public media::VideoSource {
    Q_OBJECT
public:
    static constexpr double kDefaultFrameRate = 5.0;
    static constexpr double kMaxFrameRate = 15.0;

    explicit ScreenShareSource(QObject* parent = nullptr);

    // Rates above kMaxFrameRate are lowered to it; zero, negative or not a number is refused.
    Status shareScreen(QScreen* screen, double framesPerSecond = kDefaultFrameRate);
    // `screen` grabs it; null means the primary screen.
    Status shareWindow(WId window, double framesPerSecond = kDefaultFrameRate, QScreen* screen = nullptr);
    void stop();
    bool isSharing() const { return m_timer.isActive(); }
    std::chrono::milliseconds interval() const { return m_timer.intervalAsDuration(); }
    // Grabs one picture now (the timer calls this). False, with failed() emitted and sharing stopped, when
    // the screen or window can no longer be captured.
    bool grabNow();

    std::optional<media::VideoFrame> frameAt(media::MediaTime now) override;
    double frameRate() const override;

signals:
    void failed(const QString& message);

private:
    Status start(QScreen* screen, WId window, double framesPerSecond);

    QTimer m_timer;
    QPointer<QScreen> m_screen;
    WId m_window = 0;

    NewestFrame m_newest { kDefaultFrameRate };
};

} // namespace ward::devices
