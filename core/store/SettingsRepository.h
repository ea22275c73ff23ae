// Key/value settings of a profile, stored in the encrypted database. Keys are Ward's own constants;
// values are text. Typed helpers keep numbers readable in the table.
#pragma once

#include "common/Result.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace ward::store {

class Database;

class SettingsRepository {
public:
    static constexpr char kAutoLockMinutes[] = "session.autolock_minutes";
    static constexpr int kDefaultAutoLockMinutes = 15;

    explicit SettingsRepository(Database& db)
        : m_db(db)
    { }

    Result<std::optional<QString>> get(const QString& key);
    Status set(const QString& key, const QString& value);
    Result<std::int64_t> getInt(const QString& key, std::int64_t fallback);
    Status setInt(const QString& key, std::int64_t value);

    // For callers that write several settings in one Transaction.
    Database& database() { return m_db; }

private:
    Database& m_db;
};

} // namespace ward::store
