// Turns an SQLite result code into an Error a person can act on. The file is named so IT can find it;
// SQL text and bound values never appear (they may hold PHI).
#pragma once

#include "common/Result.h"

struct sqlite3;

namespace ward::store {

Error sqliteError(int rc, const QString& file, const QString& action);
Error sqliteError(sqlite3* db, int rc, const QString& file, const QString& action);

} // namespace ward::store
