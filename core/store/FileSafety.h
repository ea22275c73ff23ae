// Small file helpers for the profile folder: atomic replacement of a file and owner-only permissions.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace ward::store {

// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`. On failure the
// old file is untouched and the error names the file and says what to do.
Status writeFileAtomically(const QString& path, const QByteArray& bytes);

// Creates the folder if needed and restricts it (and later files in it) to the owner.
Status makePrivateFolder(const QString& dir);
void makeOwnerOnly(const QString& file);

} // namespace ward::store
