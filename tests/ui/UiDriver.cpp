#include "UiDriver.h"

#include <QAccessible>
#include <QDir>
#include <QTest>

namespace ward::test {

UiDriver::UiDriver(ui::WardApplication& app)
    : m_app(app)
{ }

namespace {
// Items made by a Loader or a delegate are visual children, not always QObject children: walk the visual
// tree.
QQuickItem* findVisual(QQuickItem* root, const QString& objectName)
{
    if (root->objectName() == objectName) {
        return root;
    }
    for (QQuickItem* child : root->childItems()) {
        if (QQuickItem* found = findVisual(child, objectName)) {
            return found;
        }
    }
    return nullptr;
}

void collectVisual(QQuickItem* root, QList<QQuickItem*>& out)
{
    out.append(root);
    for (QQuickItem* child : root->childItems()) {
        collectVisual(child, out);
    }
}
} // namespace

QQuickItem* UiDriver::item(const QString& objectName) const
{
    QQuickWindow* window = m_app.window();
    if (window == nullptr) {
        return nullptr;
    }
    return findVisual(window->contentItem(), objectName);
}

bool UiDriver::visible(const QString& objectName) const
{
    QQuickItem* found = item(objectName);
    return found != nullptr && found->isVisible();
}

QString UiDriver::text(const QString& objectName) const
{
    QQuickItem* found = item(objectName);
    return found != nullptr ? found->property("text").toString() : QString();
}

void UiDriver::focus(const QString& objectName)
{
    QQuickItem* found = item(objectName);
    if (found != nullptr) {
        found->forceActiveFocus(Qt::TabFocusReason);
    }
}

void UiDriver::type(const QString& text)
{
    // QTest has keyClicks only for widgets; a window gets one key event per character.
    for (const QChar c : text) {
        QTest::keyClick(m_app.window(), c.toLatin1());
    }
}

void UiDriver::key(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(m_app.window(), key, modifiers);
}

void UiDriver::click(const QString& objectName)
{
    QQuickItem* found = item(objectName);
    if (found == nullptr) {
        return;
    }
    const QPointF centre = found->mapToScene(QPointF(found->width() / 2, found->height() / 2));
    QTest::mouseClick(m_app.window(), Qt::LeftButton, Qt::NoModifier, centre.toPoint());
}

void UiDriver::clearText(const QString& objectName)
{
    QQuickItem* found = item(objectName);
    if (found != nullptr) {
        found->setProperty("text", QString());
    }
}

bool UiDriver::waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

bool UiDriver::waitForState(ui::SessionController::State state)
{
    return waitFor([&] { return m_app.controller().state() == state && !m_app.controller().busy(); });
}

void UiDriver::screenshot(const QString& name) const
{
    QDir().mkpath(QStringLiteral(WARD_SCREENSHOT_DIR));
    QTest::qWait(50); // let the scene graph render the last change
    m_app.window()->grabWindow().save(
        QDir(QStringLiteral(WARD_SCREENSHOT_DIR)).filePath(name + QStringLiteral(".png")));
}

QStringList UiDriver::controlsWithoutAccessibleName() const
{
    QStringList missing;
    QList<QQuickItem*> items;
    collectVisual(m_app.window()->contentItem(), items);
    for (QQuickItem* candidate : items) {
        if (!candidate->isVisible() || !candidate->isEnabled()) {
            continue;
        }
        const QString type = QString::fromLatin1(candidate->metaObject()->className());
        const bool control = candidate->inherits("QQuickAbstractButton")
            || candidate->inherits("QQuickTextInput") || candidate->inherits("QQuickTextEdit");
        if (!control) {
            continue;
        }
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(candidate);
        if (accessible == nullptr || accessible->text(QAccessible::Name).trimmed().isEmpty()) {
            missing.append((candidate->objectName().isEmpty() ? type : candidate->objectName())
                + QStringLiteral(" (role %1)").arg(accessible != nullptr ? int(accessible->role()) : -1));
        }
    }
    return missing;
}

} // namespace ward::test
