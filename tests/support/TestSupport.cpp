#include "TestSupport.h"

#include "crypto/Sodium.h"

#include "store/CipherSettings.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <catch2/catch.hpp>

#include <sodium.h>
#include <sqlcipher/sqlite3.h>

#include <memory>

namespace ward::test {

crypto::SecretBytes secret(std::string_view text)
{
    return crypto::SecretBytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

crypto::SecretBytes secret(const char* text)
{
    return secret(std::string_view(text));
}

crypto::SecretBytes secret(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return crypto::SecretBytes(
        reinterpret_cast<const std::uint8_t*>(utf8.constData()), static_cast<std::size_t>(utf8.size()));
}

FakeClock::FakeClock(std::int64_t startMs)
    : m_now(std::make_shared<std::atomic<std::int64_t>>(startMs))
{ }

Clock FakeClock::clock() const
{
    return [now = m_now] { return now->load(); };
}

store::ProfileOptions fastOptions(const Clock& clock)
{
    store::ProfileOptions options;
    options.kdfTarget = std::chrono::milliseconds(0);
    options.clock = clock;
    return options;
}

std::unique_ptr<store::ProfileSession> createProfile(
    const QString& dir, const store::ProfileOptions& options, std::string_view passphrase)
{
    auto created = store::Profile::create(dir, secret(passphrase), options);
    INFO((created ? QString() : created.error().message).toStdString());
    REQUIRE(created.ok());
    return std::move(created).value();
}

crypto::SecretBytes newDatabaseKey()
{
    return crypto::SecretBytes::random(store::kDatabaseKeyBytes);
}

store::Database createDatabase(const QString& path, const crypto::SecretBytes& key, const char* vfs)
{
    auto db = store::Database::open(
        path, key, store::CipherSettings::current(), store::Database::Mode::CreateNew, vfs);
    INFO((db ? QString() : db.error().message).toStdString());
    REQUIRE(db.ok());
    return std::move(db).value();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(file.write(bytes) == bytes.size());
}

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.exists()) {
        return QByteArrayLiteral("missing");
    }
    REQUIRE(file.open(QIODevice::ReadOnly));
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

QStringList filesUnder(const QString& dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        out.append(it.next());
    }
    out.sort();
    return out;
}

QMap<QString, QByteArray> hashFolder(const QString& dir)
{
    QMap<QString, QByteArray> out;
    for (const QString& path : filesUnder(dir)) {
        out.insert(path, fileHash(path));
    }
    return out;
}

QByteArray randomBytes(std::size_t size)
{
    crypto::ensureSodium();
    QByteArray raw(static_cast<qsizetype>(size), Qt::Uninitialized);
    randombytes_buf(raw.data(), size);
    return raw;
}

QString randomHex(int bytes)
{
    return QString::fromLatin1(randomBytes(static_cast<std::size_t>(bytes)).toHex());
}

QString dump(store::Database& db, const char* sql)
{
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &raw, nullptr);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    INFO(sqlite3_errmsg(db.handle()));
    REQUIRE(rc == SQLITE_OK);
    QStringList lines;
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        QStringList columns;
        for (int c = 0; c < sqlite3_column_count(stmt.get()); ++c) {
            const int size = sqlite3_column_bytes(stmt.get(), c);
            switch (sqlite3_column_type(stmt.get(), c)) {
            case SQLITE_NULL:
                columns.append(QStringLiteral("NULL"));
                break;
            case SQLITE_BLOB:
                columns.append(QString::fromLatin1(
                    QByteArray(static_cast<const char*>(sqlite3_column_blob(stmt.get(), c)), size).toHex()));
                break;
            default:
                columns.append(QString::fromUtf8(
                    reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), c)), size));
            }
        }
        lines.append(columns.join(QLatin1Char('|')));
    }
    INFO(sqlite3_errmsg(db.handle()));
    REQUIRE(step == SQLITE_DONE);
    return lines.join(QLatin1Char('\n'));
}

QString integrityCheck(store::Database& db)
{
    auto stmt = db.prepare("PRAGMA integrity_check");
    INFO((stmt ? QString() : stmt.error().message).toStdString());
    REQUIRE(stmt.ok());
    QStringList lines;
    for (;;) {
        auto row = stmt->step();
        if (!row) {
            return row.error().message;
        }
        if (!row.value()) {
            break;
        }
        lines.append(stmt->text(0));
    }
    return lines.join(QLatin1Char('\n'));
}

std::int64_t queryInt(store::Database& db, const char* sql)
{
    auto stmt = db.prepare(sql);
    INFO((stmt ? QString() : stmt.error().message).toStdString());
    REQUIRE(stmt.ok());
    auto row = stmt->step();
    INFO((row ? QString() : row.error().message).toStdString());
    REQUIRE(row.ok());
    REQUIRE(row.value());
    return stmt->int64(0);
}

} // namespace ward::test
