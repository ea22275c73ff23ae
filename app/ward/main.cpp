// ward: the desktop app. Options: --profile DIR (default: the platform's application-data folder),
// --software-render (skip the GPU, e.g. on VDI/RDP). A ward://enrol link as the argument (how desktops
// start the ward scheme's handler) opens the "Join your clinic" screen with it.
#include "WardApplication.h"
#include "store/ProfilePaths.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Ward_UiPlugin)

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("Ward"));
    QGuiApplication::setOrganizationName(QStringLiteral("Ward"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Ward"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ward: end-to-end encrypted telemedicine visits."));
    parser.addHelpOption();
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("The profile folder."),
        QStringLiteral("DIR"), ward::store::ProfilePaths::defaultDir());
    const QCommandLineOption software(
        QStringLiteral("software-render"), QStringLiteral("Draw without the GPU (for remote desktops)."));
    parser.addOption(profile);
    parser.addOption(software);
    parser.addPositionalArgument(QStringLiteral("link"),
        QStringLiteral("A ward://enrol invitation link from your clinic."), QStringLiteral("[link]"));
    parser.process(app);

    ward::ui::WardApplication::chooseGraphicsBackend(parser.isSet(software));
    ward::ui::WardApplication ward({ parser.value(profile), parser.isSet(software), {} });
    ward.links().install();
    for (QString argument : parser.positionalArguments()) {
        if (!ward.links().acceptArgument(argument)) {
            (void)std::fprintf(stderr, "ward: only ward:// links can be opened.\n");
            return 1;
        }
    }
    if (auto started = ward.start(); !started) {
        (void)std::fprintf(stderr, "ward: %s\n", started.error().message.toUtf8().constData());
        return 1;
    }
    return QGuiApplication::exec();
}
