#include "WardApplication.h"

#include "store/CipherGuard.h"

#include <QDir>
#include <QGuiApplication>
#include <QOpenGLContext>
#include <QQuickStyle>
#include <QSGRendererInterface>

namespace ward::ui {

namespace {

bool openGlWorks()
{
    QOpenGLContext context;
    return context.create() && context.isValid();
}

} // namespace

void WardApplication::chooseGraphicsBackend(bool forceSoftware)
{
    if (qEnvironmentVariableIsSet("QT_QUICK_BACKEND")) {
        return; // IT or a developer chose explicitly
    }
    const QString platform = QGuiApplication::platformName();
    if (forceSoftware || platform == QLatin1String("offscreen") || platform == QLatin1String("minimal")
        || !openGlWorks()) {
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    }
}

WardApplication::WardApplication(Options options)
    : m_options(std::move(options))
{
    if (QQuickStyle::name().isEmpty()) {
        QQuickStyle::setStyle(QStringLiteral("Fusion"));
    }
    m_images = std::make_shared<QrImageStore>();
    m_controller = std::make_unique<SessionController>(
        m_options.profileDir, m_options.profile, ClinicOptions { m_images, m_options.connectToClinic });
    m_links = std::make_unique<LinkReceiver>(*m_controller);
    m_engine.addImageProvider(QString::fromLatin1(QrImageStore::kProviderId), new QrImageProvider(m_images));
}

Status WardApplication::start()
{
    if (auto selfTest = store::verifyEncryptionAtStartup(QDir::tempPath()); !selfTest) {
        return selfTest;
    }
    m_engine.setInitialProperties(
        { { QStringLiteral("controller"), QVariant::fromValue(m_controller.get()) } });
    m_engine.load(QUrl(QStringLiteral("qrc:/Ward/Ui/qml/Main.qml")));
    if (window() == nullptr) {
        return makeError(ErrorCode::Internal,
            QStringLiteral(
                "Ward's window could not be created. Reinstall Ward or contact your clinic's IT support."));
    }
    return {};
}

QQuickWindow* WardApplication::window() const
{
    const auto roots = m_engine.rootObjects();
    return roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(roots.first());
}

} // namespace ward::ui
