// Damaged profile files: whatever happened to the vault or the database, unlocking fails with a clear error
// that names the file, and Ward leaves the damaged bytes exactly as they were (IT may want to recover them).
#include "TestSupport.h"

#include "crypto/Argon2.h"
#include "store/Profile.h"
#include "store/Vault.h"
#include "store/VaultFile.h"

#include <QCborMap>
#include <QCborValue>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::store;
using ward::test::secret;

namespace {

struct DamagedProfile {
    QTemporaryDir dir;
    ProfilePaths paths { dir.path() };
    test::FakeClock clock;

    DamagedProfile()
    {
        auto session = test::createProfile(dir.path(), test::fastOptions(clock.clock()));
        for (int i = 0; i < 30; ++i) {
            NewVisit visit;
            visit.startedAtMs = i;
            visit.otherParty = QStringLiteral("Clinic %1").arg(i);
            visit.notes = QString(600, QLatin1Char('z'));
            REQUIRE(session->visits().add(visit).ok());
        }
    }

    // Unlocks with the right passphrase and checks that it fails, names `file` and changes neither file.
    Error unlockFails(const QString& file)
    {
        const QByteArray vaultBefore = test::fileHash(paths.vault());
        const QByteArray databaseBefore = test::fileHash(paths.database());
        auto session = Profile::unlock(dir.path(), secret(test::kPassphrase), clock.clock());
        clock.advance(60 * 60 * 1000); // never let the throttle be the reason for the next failure
        REQUIRE_FALSE(session.ok());
        INFO(session.error().message.toStdString());
        CHECK(session.error().code != ErrorCode::Throttled);
        CHECK(session.error().message.contains(file));
        CHECK(test::fileHash(paths.vault()) == vaultBefore);
        CHECK(test::fileHash(paths.database()) == databaseBefore);
        return session.error();
    }
};

// A serialized vault whose header is `header`, sealed with some key (the seal is never opened in these
// tests).
QByteArray vaultWithHeader(const QCborMap& header)
{
    QCborMap entry;
    entry.insert(QStringLiteral("nonce"), QByteArray(crypto::kAeadNonceBytes, 'n'));
    entry.insert(QStringLiteral("sealed"), QByteArray(48, 's'));
    QCborMap keys;
    keys.insert(QStringLiteral("database"), entry);
    QCborMap top;
    top.insert(QStringLiteral("header"), QCborValue(header).toCbor());
    top.insert(QStringLiteral("keys"), keys);
    return QCborValue(top).toCbor();
}

QCborMap validHeader()
{
    VaultHeader header { crypto::argon2InteractiveMinimum(), crypto::argon2NewSalt(),
        CipherSettings::current(), 1 };
    header.cipher.writtenBy = QStringLiteral("3.4.1");
    return QCborValue::fromCbor(header.encode()).toMap();
}

} // namespace

TEST_CASE("A damaged vault gives a clear error naming the file and stays as it was", "[store][damage]")
{
    DamagedProfile profile;
    const QString vault = profile.paths.vault();
    const QByteArray original = test::readFile(vault);

    SECTION("cut to half its size")
    {
        test::writeFile(vault, original.left(original.size() / 2));
        CHECK(profile.unlockFails(vault).code == ErrorCode::Corrupt);
    }
    SECTION("random bytes")
    {
        test::writeFile(vault, test::randomBytes(static_cast<std::size_t>(original.size())));
        CHECK(profile.unlockFails(vault).code == ErrorCode::Corrupt);
    }
    SECTION("empty")
    {
        test::writeFile(vault, QByteArray());
        CHECK(profile.unlockFails(vault).code == ErrorCode::Corrupt);
    }
    SECTION("larger than 64 KiB")
    {
        test::writeFile(vault, original + test::randomBytes(static_cast<std::size_t>(kVaultMaxBytes)));
        CHECK(profile.unlockFails(vault).code == ErrorCode::Corrupt);
    }
    SECTION("a flipped byte that breaks the structure")
    {
        QByteArray damaged = original;
        damaged[0] = static_cast<char>(damaged[0] ^ 0x40); // the top-level map's type
        test::writeFile(vault, damaged);
        CHECK(profile.unlockFails(vault).code == ErrorCode::Corrupt);
    }
}

TEST_CASE("A flipped byte anywhere in the vault header never opens the profile", "[store][damage]")
{
    DamagedProfile profile;
    const QString vault = profile.paths.vault();
    const QByteArray original = test::readFile(vault);
    auto parsed = VaultFile::parse(original, vault);
    REQUIRE(parsed.ok());
    const QByteArray header = parsed->headerBytes();
    const qsizetype headerAt = original.indexOf(header);
    REQUIRE(headerAt > 0);

    SECTION("through Profile::unlock, a byte inside the salt")
    {
        const qsizetype saltAt = original.indexOf(parsed->header().salt);
        REQUIRE(saltAt > headerAt);
        QByteArray damaged = original;
        damaged[saltAt + 3] = static_cast<char>(damaged[saltAt + 3] ^ 0x01);
        test::writeFile(vault, damaged);
        const QByteArray before = test::fileHash(vault);
        auto session = Profile::unlock(profile.dir.path(), secret(test::kPassphrase), profile.clock.clock());
        REQUIRE_FALSE(session.ok());
        CHECK((session.error().code == ErrorCode::WrongPassphrase
            || session.error().code == ErrorCode::Corrupt));
        CHECK(test::fileHash(vault) == before);
    }
    SECTION("every byte of the header in turn, through the vault API")
    {
        // Each surviving parse costs one Argon2id derivation, so the header's bytes are visited with a stride
        // that still lands in every field (format, version, kdf, salt, cipher settings, time).
        int parsedButRefused = 0;
        for (qsizetype i = 0; i < header.size(); i += 2) {
            // Only the lowest bit: a high bit in the memory limit would ask Argon2id for gigabytes.
            for (const char mask : { char(0x01) }) {
                QByteArray damaged = original;
                damaged[headerAt + i] = static_cast<char>(damaged[headerAt + i] ^ mask);
                auto file = VaultFile::parse(damaged, vault);
                if (!file) {
                    INFO("byte " << i << ": " << file.error().message.toStdString());
                    CHECK(
                        (file.error().code == ErrorCode::Corrupt || file.error().code == ErrorCode::TooNew));
                    CHECK(file.error().message.contains(vault));
                    continue;
                }
                auto key = Vault::openDatabaseKey(file.value(), secret(test::kPassphrase));
                INFO("byte " << i << " mask " << int(mask));
                REQUIRE_FALSE(key.ok());
                CHECK(
                    (key.error().code == ErrorCode::WrongPassphrase || key.error().code == ErrorCode::Corrupt
                        || key.error().code == ErrorCode::InvalidArgument));
                ++parsedButRefused;
            }
        }
        // Some flips survive parsing (the salt, the time): those are caught by the seal's associated data.
        CHECK(parsedButRefused > 0);
    }
}

TEST_CASE(
    "A damaged history database gives a clear error naming the file and stays as it was", "[store][damage]")
{
    DamagedProfile profile;
    const QString database = profile.paths.database();
    const QByteArray original = test::readFile(database);
    REQUIRE(original.size() > 20 * 1024);

    SECTION("cut to half its size")
    {
        test::writeFile(database, original.left(original.size() / 2));
        CHECK(profile.unlockFails(database).code == ErrorCode::Corrupt);
    }
    SECTION("cut inside the first page")
    {
        test::writeFile(database, original.left(700));
        CHECK(profile.unlockFails(database).code == ErrorCode::Corrupt);
    }
    SECTION("a flipped byte in the header page")
    {
        QByteArray damaged = original;
        damaged[600] = static_cast<char>(damaged[600] ^ 0x01);
        test::writeFile(database, damaged);
        CHECK(profile.unlockFails(database).code == ErrorCode::Corrupt);
    }
    SECTION("a flipped byte in a later page")
    {
        QByteArray damaged = original;
        const qsizetype at = original.size() / 2 + 100;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x01);
        test::writeFile(database, damaged);
        CHECK(profile.unlockFails(database).code == ErrorCode::Corrupt);
    }
    SECTION("the salt changed")
    {
        QByteArray damaged = original;
        damaged[2] = static_cast<char>(damaged[2] ^ 0x01);
        test::writeFile(database, damaged);
        CHECK(profile.unlockFails(database).code == ErrorCode::Corrupt);
    }
}

TEST_CASE("A missing history database is reported by name, not created afresh", "[store][damage]")
{
    DamagedProfile profile;
    REQUIRE(QFile::remove(profile.paths.database()));
    CHECK(profile.unlockFails(profile.paths.database()).code == ErrorCode::NotFound);
    CHECK_FALSE(QFileInfo::exists(profile.paths.database()));
}

TEST_CASE("VaultFile::parse refuses weak Argon2id parameters and newer formats", "[store][vault][damage]")
{
    SECTION("a valid header parses")
    {
        auto file = VaultFile::parse(vaultWithHeader(validHeader()), QStringLiteral("/p/vault.ward"));
        INFO((file ? QString() : file.error().message).toStdString());
        CHECK(file.ok());
    }
    SECTION("passes below INTERACTIVE")
    {
        QCborMap header = validHeader();
        QCborMap kdf = header.value(QStringLiteral("kdf")).toMap();
        kdf.insert(QStringLiteral("ops"), qint64(crypto::argon2InteractiveMinimum().opsLimit - 1));
        header.insert(QStringLiteral("kdf"), kdf);
        auto file = VaultFile::parse(vaultWithHeader(header), QStringLiteral("/p/vault.ward"));
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().code == ErrorCode::Corrupt);
        CHECK(file.error().message.contains(QStringLiteral("/p/vault.ward")));
    }
    SECTION("memory below INTERACTIVE")
    {
        QCborMap header = validHeader();
        QCborMap kdf = header.value(QStringLiteral("kdf")).toMap();
        kdf.insert(QStringLiteral("mem"), qint64(crypto::argon2InteractiveMinimum().memLimitBytes / 2));
        header.insert(QStringLiteral("kdf"), kdf);
        auto file = VaultFile::parse(vaultWithHeader(header), QStringLiteral("/p/vault.ward"));
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().code == ErrorCode::Corrupt);
    }
    SECTION("memory above the ceiling a hostile file could use to exhaust memory")
    {
        QCborMap header = validHeader();
        QCborMap kdf = header.value(QStringLiteral("kdf")).toMap();
        kdf.insert(QStringLiteral("mem"), qint64(crypto::kArgon2MaxMemBytes * 2));
        header.insert(QStringLiteral("kdf"), kdf);
        auto file = VaultFile::parse(vaultWithHeader(header), QStringLiteral("/p/vault.ward"));
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().code == ErrorCode::Corrupt);
    }
    SECTION("a newer format version")
    {
        QCborMap header = validHeader();
        header.insert(QStringLiteral("version"), kVaultFormatVersion + 1);
        auto file = VaultFile::parse(vaultWithHeader(header), QStringLiteral("/p/vault.ward"));
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().code == ErrorCode::TooNew);
        CHECK(file.error().message.contains(QStringLiteral("/p/vault.ward")));
    }
    SECTION("an unknown key-derivation algorithm")
    {
        QCborMap header = validHeader();
        QCborMap kdf = header.value(QStringLiteral("kdf")).toMap();
        kdf.insert(QStringLiteral("alg"), QStringLiteral("scrypt"));
        header.insert(QStringLiteral("kdf"), kdf);
        auto file = VaultFile::parse(vaultWithHeader(header), QStringLiteral("/p/vault.ward"));
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().code == ErrorCode::Corrupt);
    }
}
