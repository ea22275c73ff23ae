// ScreenShareSource on the test's own screen (offscreen or Xvfb) with a window showing a known colour.
#include "DeviceTestSupport.h"

#include "devices/ScreenShareSource.h"

#include <QGuiApplication>
#include <QPainter>
#include <QRasterWindow>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::test;
using namespace std::chrono_literals;

namespace {

const QColor kColour(0x20, 0x90, 0xd0);

class ColourWindow final : public QRasterWindow {
protected:
    void paintEvent(QPaintEvent* /*event*/) override
    {
        QPainter painter(this);
        painter.fillRect(QRect(QPoint(0, 0), size()), kColour);
    }
};

// The colour of the pixel at (x, y) of an ARGB frame (B,G,R,A in memory).
QColor pixelAt(const media::VideoFrame& frame, int x, int y)
{
    const std::uint8_t* p = frame.data.data() + (static_cast<std::size_t>(y) * frame.width + x) * 4;
    return QColor(p[2], p[1], p[0]);
}

void showWindow(ColourWindow& window, QSize size)
{
    window.resize(size);
    window.show();
    REQUIRE(waitUntil([&] { return window.isExposed(); }));
    window.update();
    runEventLoop(50ms);
}

} // namespace

TEST_CASE(
    "ScreenShareSource grabs a window at the chosen rate as even-sized ARGB pictures", "[devices][screen]")
{
    ColourWindow window;
    showWindow(window, QSize(321, 241));

    devices::ScreenShareSource source;
    REQUIRE(source.shareWindow(window.winId()).ok());
    CHECK(source.frameRate() == devices::ScreenShareSource::kDefaultFrameRate);
    CHECK(source.interval() == 200ms);
    CHECK(source.isSharing());

    std::vector<media::VideoFrame> frames;
    REQUIRE(waitUntil([&] {
        if (auto frame = source.frameAt(0)) {
            frames.push_back(std::move(*frame));
        }
        return frames.size() >= 3;
    }));
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const media::VideoFrame& frame = frames[i];
        INFO("frame " << i);
        CHECK(frame.format == media::PixelFormat::ARGB);
        CHECK(frame.width == 320); // the odd column and row are cut, not scaled
        CHECK(frame.height == 240);
        CHECK(frame.valid());
        CHECK(pixelAt(frame, 160, 120) == kColour);
        CHECK(pixelAt(frame, 0, 0) == kColour);
        CHECK(frame.sourceIndex == frames.front().sourceIndex + i); // every grab handed over once
    }
    // Nothing new until the next grab.
    CHECK_FALSE(source.frameAt(0).has_value());
    source.stop();
    CHECK_FALSE(source.isSharing());
}

TEST_CASE("ScreenShareSource scales a large picture down to 1920x1080", "[devices][screen]")
{
    ColourWindow window;
    showWindow(window, QSize(2400, 1500));
    devices::ScreenShareSource source;
    REQUIRE(source.shareWindow(window.winId(), 1).ok());
    REQUIRE(source.grabNow());
    const std::optional<media::VideoFrame> frame = source.frameAt(0);
    REQUIRE(frame.has_value());
    CHECK(frame->width == 1728);
    CHECK(frame->height == 1080);
    CHECK(frame->valid());
    CHECK(pixelAt(*frame, 864, 540) == kColour);
}

TEST_CASE("ScreenShareSource grabs the whole screen with the window on it", "[devices][screen]")
{
    QScreen* screen = QGuiApplication::primaryScreen();
    REQUIRE(screen != nullptr);
    ColourWindow window;
    window.setGeometry(screen->geometry());
    showWindow(window, screen->geometry().size());

    devices::ScreenShareSource source;
    REQUIRE(source.shareScreen(screen).ok());
    REQUIRE(source.grabNow());
    const std::optional<media::VideoFrame> frame = source.frameAt(0);
    REQUIRE(frame.has_value());
    CHECK(frame->format == media::PixelFormat::ARGB);
    CHECK(frame->width == (screen->geometry().width() & ~1));
    CHECK(pixelAt(*frame, frame->width / 2, frame->height / 2) == kColour);
}

TEST_CASE(
    "ScreenShareSource keeps to at most 15 pictures a second and refuses a rate of zero", "[devices][screen]")
{
    devices::ScreenShareSource source;
    QScreen* screen = QGuiApplication::primaryScreen();
    REQUIRE(screen != nullptr);
    REQUIRE(source.shareScreen(screen, 60).ok());
    CHECK(source.frameRate() == devices::ScreenShareSource::kMaxFrameRate);
    CHECK(source.interval() == 67ms);
    REQUIRE(source.shareScreen(screen, 2).ok());
    CHECK(source.interval() == 500ms);

    const Status zero = source.shareScreen(screen, 0);
    REQUIRE_FALSE(zero.ok());
    CHECK(zero.error().code == ErrorCode::InvalidArgument);
    const Status none = source.shareWindow(0);
    REQUIRE_FALSE(none.ok());
}

TEST_CASE("ScreenShareSource stops and says so when the shared window is gone", "[devices][screen]")
{
    auto window = std::make_unique<ColourWindow>();
    showWindow(*window, QSize(200, 100));
    devices::ScreenShareSource source;
    REQUIRE(source.shareWindow(window->winId()).ok());
    REQUIRE(source.grabNow());
    window.reset();

    QString message;
    QObject::connect(&source, &devices::ScreenShareSource::failed, [&](const QString& m) { message = m; });
    CHECK_FALSE(source.grabNow());
    CHECK(message.contains(QStringLiteral("window")));
    CHECK_FALSE(source.isSharing());
}
