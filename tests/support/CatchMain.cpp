// The main of Ward's Catch2 test executables: core uses Qt's event-free services (files, JSON, CBOR,
// translations), which expect a QCoreApplication to exist, so one lives around Catch's session.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ward-tests"));
    return Catch::Session().run(argc, argv);
}
