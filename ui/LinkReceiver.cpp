#include "LinkReceiver.h"

#include "SecretText.h"

#include <QDesktopServices>
#include <QFileOpenEvent>
#include <QGuiApplication>

namespace ward::ui {

namespace {
const QString kScheme = QStringLiteral("ward");
} // namespace

LinkReceiver::LinkReceiver(SessionController& controller, QObject* parent)
    : QObject(parent)
    , m_controller(controller)
{ }

LinkReceiver::~LinkReceiver()
{
    QDesktopServices::unsetUrlHandler(kScheme);
}

void LinkReceiver::install()
{
    QDesktopServices::setUrlHandler(kScheme, this, "openUrl");
    if (QCoreApplication::instance() != nullptr) {
        QCoreApplication::instance()->installEventFilter(this);
    }
}

bool LinkReceiver::acceptArgument(QString& argument)
{
    const bool ward = argument.startsWith(kScheme + QLatin1Char(':'), Qt::CaseInsensitive);
    if (ward) {
        m_controller.openEnrolmentLink(secretFromText(argument));
    }
    argument.fill(QLatin1Char(' '));
    return ward;
}

void LinkReceiver::openUrl(const QUrl& url)
{
    if (url.scheme().compare(kScheme, Qt::CaseInsensitive) != 0) {
        return;
    }
    QByteArray encoded = url.toEncoded();
    m_controller.openEnrolmentLink(
        crypto::SecretBytes(reinterpret_cast<const std::uint8_t*>(encoded.constData()),
            static_cast<std::size_t>(encoded.size())));
    encoded.fill('\0');
}

bool LinkReceiver::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::FileOpen) {
        const auto* open = static_cast<QFileOpenEvent*>(event);
        if (open->url().scheme().compare(kScheme, Qt::CaseInsensitive) == 0) {
            openUrl(open->url());
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace ward::ui
