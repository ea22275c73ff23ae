#include "store/FileSafety.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace ward::store {

namespace {
// The rename that replaced the file is durable only once the folder's entry is on disk too.
void syncFolderOf(const QString& path)
{
#ifdef Q_OS_UNIX
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(path)
#endif
}
} // namespace

Status writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    const auto fail = [&](const QString& detail) {
        const bool full = file.error() == QFileDevice::ResourceError;
        return makeError(full ? ErrorCode::DiskFull : ErrorCode::Io,
            QStringLiteral("Ward could not save %1 (%2). The previous version of the file is unchanged; %3")
                .arg(path, detail,
                    full ? QStringLiteral("free some disk space and try again.")
                         : QStringLiteral("check that the folder is writable and try again.")));
    };
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(file.errorString());
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(bytes) != bytes.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(why);
    }
    if (!file.commit()) {
        return fail(file.errorString());
    }
    syncFolderOf(path);
    return {};
}

Status makePrivateFolder(const QString& dir)
{
    if (!QDir().mkpath(dir)) {
        return makeError(ErrorCode::Io,
            QStringLiteral(
                "Ward could not create the profile folder %1. Check that its parent folder is writable.")
                .arg(dir));
    }
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

void makeOwnerOnly(const QString& file)
{
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

} // namespace ward::store
