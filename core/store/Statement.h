// A prepared SQLite statement with bound parameters only: SQL text is a compile-time constant, values go
// through bind(). Owns its sqlite3_stmt and finalizes it. Not thread-safe; use from the owning thread.
#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace ward::store {

class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt, QString file);

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, const QString& value);
    Statement& bind(int index, const QByteArray& value);
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bindNull(int index);

    // True when a row is available, false when done.
    Result<bool> step();
    // Runs to completion; for statements that return no rows.
    Status run();
    void reset();

    std::int64_t int64(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const;
    };
    sqlite3* m_db;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
    QString m_file;
    int m_bindError = 0;
};

} // namespace ward::store
