// An open, keyed SQLCipher database. The key is applied with sqlite3_key from wiped memory and the cipher
// settings are pinned before the first read; opening fails unless SQLCipher (not a plain SQLite that won
// symbol lookup) answers. Move-only; one thread at a time.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "store/CipherSettings.h"
#include "store/Statement.h"

#include <QString>

#include <cstdint>
#include <memory>

struct sqlite3;

namespace ward::store {

inline constexpr std::size_t kDatabaseKeyBytes = 32;

class Database {
public:
    enum class Mode { CreateNew, OpenExisting };

    // `vfs` names an SQLite VFS (tests register fault-injecting ones); null means the platform default.
    static Result<Database> open(const QString& path, const crypto::SecretBytes& key,
        const CipherSettings& settings, Mode mode, const char* vfs = nullptr);

    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;
    ~Database() = default;

    // For constant SQL without values; anything carrying a value goes through prepare() and bind().
    Status exec(const char* sql);
    Result<Statement> prepare(const char* sql);

    Result<int> userVersion();
    Status setUserVersion(int version);
    std::int64_t lastInsertRowId() const;
    QString cipherVersion();
    const QString& path() const { return m_path; }
    sqlite3* handle() const { return m_db.get(); }

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    Database(sqlite3* db, QString path);

    std::unique_ptr<sqlite3, Closer> m_db;
    QString m_path;
};

} // namespace ward::store
