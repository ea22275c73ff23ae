#include "store/ProfilePaths.h"

#include <QDir>
#include <QStandardPaths>

namespace ward::store {

QString ProfilePaths::vault() const
{
    return QDir(dir).filePath(QStringLiteral("vault.ward"));
}

QString ProfilePaths::database() const
{
    return QDir(dir).filePath(QStringLiteral("history.db"));
}

QString ProfilePaths::unlockState() const
{
    return QDir(dir).filePath(QStringLiteral("unlock-state.json"));
}

QString ProfilePaths::defaultDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("Ward/profile"));
}

} // namespace ward::store
