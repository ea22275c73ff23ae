#include "store/Statement.h"

#include "store/SqliteError.h"

#include <sqlcipher/sqlite3.h>

#include <cstdint>

namespace ward::store {

namespace {
// SQLITE_TRANSIENT is a C-style cast in a macro; spell it once here. SQLite copies the value at bind time.
const sqlite3_destructor_type kCopyValue
    = reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));
} // namespace

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const
{
    sqlite3_finalize(stmt);
}

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, QString file)
    : m_db(db)
    , m_stmt(stmt)
    , m_file(std::move(file))
{ }

Statement& Statement::bind(int index, std::int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt.get(), index, value);
    if (rc != SQLITE_OK && m_bindError == 0) {
        m_bindError = rc;
    }
    return *this;
}

Statement& Statement::bind(int index, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    const int rc
        = sqlite3_bind_text(m_stmt.get(), index, utf8.constData(), static_cast<int>(utf8.size()), kCopyValue);
    if (rc != SQLITE_OK && m_bindError == 0) {
        m_bindError = rc;
    }
    return *this;
}

Statement& Statement::bind(int index, const QByteArray& value)
{
    const int rc = sqlite3_bind_blob(
        m_stmt.get(), index, value.constData(), static_cast<int>(value.size()), kCopyValue);
    if (rc != SQLITE_OK && m_bindError == 0) {
        m_bindError = rc;
    }
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt.get(), index);
    if (rc != SQLITE_OK && m_bindError == 0) {
        m_bindError = rc;
    }
    return *this;
}

Result<bool> Statement::step()
{
    if (m_bindError != 0) {
        return sqliteError(m_bindError, m_file, QStringLiteral("binding a value"));
    }
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return sqliteError(m_db, rc, m_file, QStringLiteral("reading or writing the history"));
}

Status Statement::run()
{
    for (;;) {
        auto row = step();
        if (!row) {
            return row.error();
        }
        if (!row.value()) {
            return {};
        }
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
    m_bindError = 0;
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt.get(), column);
}

std::optional<std::int64_t> Statement::optionalInt64(int column) const
{
    if (isNull(column)) {
        return std::nullopt;
    }
    return int64(column);
}

QString Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt.get(), column));
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return QString::fromUtf8(data, size);
}

QByteArray Statement::blob(int column) const
{
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt.get(), column));
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return QByteArray(data, size);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

} // namespace ward::store
