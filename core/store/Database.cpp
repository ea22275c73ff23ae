#include "store/Database.h"

#include "store/CipherGuard.h"
#include "store/SqliteError.h"

#include <QFileInfo>

#include <sqlcipher/sqlite3.h>

#include <cstring>

namespace ward::store {

namespace {
// SQLCipher takes a raw key as the literal x'<64 hex digits>'; it is built in wiped memory.
crypto::SecretBytes rawKeyLiteral(const crypto::SecretBytes& key)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    crypto::SecretBytes literal(key.size() * 2 + 3);
    std::uint8_t* out = literal.data();
    *out++ = 'x';
    *out++ = '\'';
    for (std::size_t i = 0; i < key.size(); ++i) {
        *out++ = static_cast<std::uint8_t>(kHex[key.data()[i] >> 4]);
        *out++ = static_cast<std::uint8_t>(kHex[key.data()[i] & 0x0f]);
    }
    *out = '\'';
    return literal;
}
} // namespace

void Database::Closer::operator()(sqlite3* db) const
{
    sqlite3_close_v2(db);
}

Database::Database(sqlite3* db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{ }

Result<Database> Database::open(const QString& path, const crypto::SecretBytes& key,
    const CipherSettings& settings, Mode mode, const char* vfs)
{
    if (key.size() != kDatabaseKeyBytes) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("The database key has the wrong size."));
    }
    const bool exists = QFileInfo::exists(path);
    if (mode == Mode::OpenExisting && !exists) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral(
                "The history database is missing (%1). Restore it from a backup, or contact your clinic's "
                "IT support.")
                .arg(path));
    }
    if (mode == Mode::CreateNew && exists) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A database already exists at %1; Ward will not overwrite it.").arg(path));
    }
    if (mode == Mode::OpenExisting) {
        if (auto plain = refusePlaintextFile(path); !plain) {
            return plain.error();
        }
    }

    sqlite3* raw = nullptr;
    const int flags
        = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == Mode::CreateNew ? SQLITE_OPEN_CREATE : 0);
    const QByteArray nativePath = path.toUtf8();
    int rc = sqlite3_open_v2(nativePath.constData(), &raw, flags, vfs);
    Database db(raw, path);
    if (rc != SQLITE_OK) {
        return sqliteError(raw, rc, path, QStringLiteral("opening the history database"));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);

    if (auto guard = requireSqlCipher(db); !guard) {
        return guard.error();
    }
    const crypto::SecretBytes literal = rawKeyLiteral(key);
    rc = sqlite3_key(raw, literal.data(), static_cast<int>(literal.size()));
    if (rc != SQLITE_OK) {
        return sqliteError(raw, rc, path, QStringLiteral("applying the database key"));
    }
    if (auto applied = applyCipherSettings(db, settings); !applied) {
        return applied.error();
    }
    // The first read proves the key: a wrong key or a damaged file fails here with SQLITE_NOTADB.
    for (const char* sql :
        { "SELECT count(*) FROM sqlite_master", "PRAGMA journal_mode = DELETE", "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY", "PRAGMA secure_delete = ON" }) {
        if (auto status = db.exec(sql); !status) {
            return status.error();
        }
    }
    return db;
}

Status Database::exec(const char* sql)
{
    const int rc = sqlite3_exec(m_db.get(), sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        return sqliteError(m_db.get(), rc, m_path, QStringLiteral("updating the history"));
    }
    return {};
}

Result<Statement> Database::prepare(const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db.get(), sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqliteError(m_db.get(), rc, m_path, QStringLiteral("reading the history"));
    }
    return Statement(m_db.get(), stmt, m_path);
}

Result<int> Database::userVersion()
{
    auto stmt = prepare("PRAGMA user_version");
    if (!stmt) {
        return stmt.error();
    }
    auto row = stmt->step();
    if (!row) {
        return row.error();
    }
    return static_cast<int>(stmt->int64(0));
}

Status Database::setUserVersion(int version)
{
    const QByteArray sql = QByteArrayLiteral("PRAGMA user_version = ") + QByteArray::number(version);
    return exec(sql.constData());
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db.get());
}

QString Database::cipherVersion()
{
    auto stmt = prepare("PRAGMA cipher_version");
    if (!stmt) {
        return {};
    }
    auto row = stmt->step();
    if (!row || !row.value()) {
        return {};
    }
    return stmt->text(0);
}

} // namespace ward::store
