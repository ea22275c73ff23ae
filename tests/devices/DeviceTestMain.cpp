// The device tests need a QGuiApplication (screens, windows, video frames) around Catch's session; offscreen
// unless the caller chose a platform, so that listing the tests at build time needs no display.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("ward-device-tests"));
    return Catch::Session().run(argc, argv);
}
