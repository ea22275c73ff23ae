#include "store/SettingsRepository.h"

#include "store/Database.h"

namespace ward::store {

Result<std::optional<QString>> SettingsRepository::get(const QString& key)
{
    auto stmt = m_db.prepare("SELECT value FROM settings WHERE key = ?");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return std::optional<QString>();
    }
    return std::optional<QString>(stmt->text(0));
}

Status SettingsRepository::set(const QString& key, const QString& value)
{
    auto stmt = m_db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, key).bind(2, value);
    return stmt->run();
}

Result<std::int64_t> SettingsRepository::getInt(const QString& key, std::int64_t fallback)
{
    auto value = get(key);
    if (!value) {
        return value.error();
    }
    if (!value->has_value()) {
        return fallback;
    }
    bool ok = false;
    const qint64 parsed = value->value().toLongLong(&ok);
    return ok ? static_cast<std::int64_t>(parsed) : fallback;
}

Status SettingsRepository::setInt(const QString& key, std::int64_t value)
{
    return set(key, QString::number(value));
}

} // namespace ward::store
