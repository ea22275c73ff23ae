#include "store/SqliteError.h"

#include <sqlcipher/sqlite3.h>

namespace ward::store {

Error sqliteError(int rc, const QString& file, const QString& action)
{
    const QString where = QStringLiteral("%1 (%2)").arg(action, file);
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return makeError(ErrorCode::DiskFull,
            QStringLiteral(
                "The disk is full, so Ward could not finish: %1. Nothing was changed; free some space "
                "and try again.")
                .arg(where));
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return makeError(ErrorCode::ReadOnly,
            QStringLiteral(
                "Ward may not write to the profile folder: %1. Nothing was changed; check that the folder "
                "is writable and not on a read-only disk.")
                .arg(where));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return makeError(ErrorCode::Corrupt,
            QStringLiteral(
                "The history database is damaged or is not a Ward database: %1. Ward did not change the "
                "file; restore it from a backup or contact your clinic's IT support.")
                .arg(where));
    case SQLITE_CANTOPEN:
        return makeError(ErrorCode::Io,
            QStringLiteral("Ward could not open the file: %1. Check that it exists and that you may read it.")
                .arg(where));
    case SQLITE_IOERR:
        return makeError(ErrorCode::Io,
            QStringLiteral(
                "The disk reported an error: %1. Nothing was changed; check the disk and try again.")
                .arg(where));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return makeError(ErrorCode::Io,
            QStringLiteral(
                "The profile is in use by another Ward window or command: %1. Close it and try again.")
                .arg(where));
    case SQLITE_CONSTRAINT:
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The change was refused because it conflicts with what is stored: %1.")
                .arg(where));
    default:
        return makeError(ErrorCode::Internal,
            QStringLiteral("The history database reported error %1 (%2): %3.")
                .arg(rc)
                .arg(QString::fromUtf8(sqlite3_errstr(rc)), where));
    }
}

Error sqliteError(sqlite3* db, int rc, const QString& file, const QString& action)
{
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    return sqliteError(extended != 0 ? extended : rc, file, action);
}

} // namespace ward::store
