// The vault: the passphrase opens the database key and nothing else does; a new passphrase rewraps the key
// without touching the database; the file records how it was made; NFKC makes equivalent spellings of a
// passphrase the same; weak passphrases are refused before anything is written.
#include "TestSupport.h"

#include "crypto/Argon2.h"
#include "store/Profile.h"
#include "store/Transaction.h"
#include "store/Vault.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::store;
using ward::test::secret;

namespace {

crypto::SecretBytes openKey(const QString& dir, std::string_view passphrase)
{
    auto vault = Vault::read(ProfilePaths { dir }.vault());
    REQUIRE(vault.ok());
    auto key = Vault::openDatabaseKey(vault.value(), secret(passphrase));
    INFO((key ? QString() : key.error().message).toStdString());
    REQUIRE(key.ok());
    return std::move(key).value();
}

// The database file in pages of the recorded page size.
QList<QByteArray> pages(const QString& path, int pageSize)
{
    const QByteArray bytes = test::readFile(path);
    QList<QByteArray> out;
    for (qsizetype at = 0; at < bytes.size(); at += pageSize) {
        out.append(bytes.mid(at, pageSize));
    }
    return out;
}

} // namespace

TEST_CASE("Vault create and open round trip the database key", "[store][vault]")
{
    const crypto::SecretBytes key = crypto::SecretBytes::random(kDatabaseKeyBytes);
    VaultSecrets secrets;
    secrets.emplace(QString::fromLatin1(kDatabaseKeyName), key.clone());
    auto vault = Vault::create(secret(test::kPassphrase), secrets, crypto::argon2InteractiveMinimum(),
        CipherSettings::current(), 1234);
    REQUIRE(vault.ok());

    // Through the file format and back.
    auto parsed = VaultFile::parse(vault->serialize(), QStringLiteral("memory"));
    REQUIRE(parsed.ok());
    CHECK(parsed->header().createdAtMs == 1234);
    auto opened = Vault::openDatabaseKey(parsed.value(), secret(test::kPassphrase));
    REQUIRE(opened.ok());
    CHECK(opened->equals(key));

    auto wrong = Vault::openDatabaseKey(parsed.value(), secret(test::kOtherPassphrase));
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == ErrorCode::WrongPassphrase);
}

TEST_CASE("A profile unlocks with its passphrase and refuses another", "[store][vault][profile]")
{
    QTemporaryDir dir;
    test::FakeClock clock;
    auto created = test::createProfile(dir.path(), test::fastOptions(clock.clock()));
    NewVisit visit;
    visit.startedAtMs = 5;
    visit.otherParty = QStringLiteral("Dr. Adeyemi");
    REQUIRE(created->visits().add(visit).ok());
    created.reset();

    auto wrong = Profile::unlock(dir.path(), secret(test::kOtherPassphrase), clock.clock());
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == ErrorCode::WrongPassphrase);
    CHECK_FALSE(wrong.error().message.contains(QLatin1String(test::kOtherPassphrase)));

    // An empty or ill-formed passphrase is just a wrong one.
    for (const std::string_view typed : { std::string_view(), std::string_view("\xff\xfe not utf-8") }) {
        clock.advance(60 * 60 * 1000);
        auto bad = Profile::unlock(dir.path(), secret(typed), clock.clock());
        REQUIRE_FALSE(bad.ok());
        INFO(bad.error().message.toStdString());
        CHECK(bad.error().code == ErrorCode::WrongPassphrase);
    }

    clock.advance(60 * 60 * 1000);
    auto session = Profile::unlock(dir.path(), secret(test::kPassphrase), clock.clock());
    REQUIRE(session.ok());
    CHECK(session.value()->visits().count().value() == 1);
}

TEST_CASE("changePassphrase rewraps the key without rewriting the database", "[store][vault][profile]")
{
    QTemporaryDir dir;
    const ProfilePaths paths { dir.path() };
    {
        auto session = test::createProfile(dir.path(), test::fastOptions());
        // Enough rows to fill many pages, so a re-encryption of the file could not hide.
        auto tx = Transaction::begin(session->database());
        REQUIRE(tx.ok());
        for (int i = 0; i < 80; ++i) {
            NewVisit visit;
            visit.startedAtMs = i;
            visit.otherParty = QStringLiteral("Clinic %1").arg(i);
            visit.notes = QString(1500, QLatin1Char('n'));
            REQUIRE(session->visits().add(visit).ok());
        }
        REQUIRE(tx->commit().ok());
    }
    const crypto::SecretBytes keyBefore = openKey(dir.path(), test::kPassphrase);
    const QList<QByteArray> pagesBefore = pages(paths.database(), 1024);
    const QByteArray vaultBefore = test::readFile(paths.vault());
    REQUIRE(pagesBefore.size() > 100);

    const Status changed = Profile::changePassphrase(
        dir.path(), secret(test::kPassphrase), secret(test::kOtherPassphrase), test::fastOptions());
    INFO((changed ? QString() : changed.error().message).toStdString());
    REQUIRE(changed.ok());

    CHECK(test::readFile(paths.vault()) != vaultBefore);
    auto old = Profile::unlock(dir.path(), secret(test::kPassphrase));
    REQUIRE_FALSE(old.ok());
    CHECK(old.error().code == ErrorCode::WrongPassphrase);
    {
        auto session = Profile::unlock(dir.path(), secret(test::kOtherPassphrase));
        REQUIRE(session.ok());
        CHECK(session.value()->visits().count().value() == 80);
    }

    // The same database key, from the rewrapped vault.
    const crypto::SecretBytes keyAfter = openKey(dir.path(), test::kOtherPassphrase);
    CHECK(keyAfter.equals(keyBefore));

    // The file was not re-encrypted: the salt at the start of the header page is the same, and the pages that
    // the audit entries of the unlocks did not touch are byte for byte the same.
    const QList<QByteArray> pagesAfter = pages(paths.database(), 1024);
    REQUIRE(pagesAfter.size() >= pagesBefore.size());
    CHECK(pagesAfter.front().left(16) == pagesBefore.front().left(16));
    int unchanged = 0;
    for (qsizetype i = 0; i < pagesBefore.size(); ++i) {
        unchanged += pagesAfter[i] == pagesBefore[i] ? 1 : 0;
    }
    INFO("unchanged pages: " << unchanged << " of " << pagesBefore.size());
    CHECK(unchanged >= pagesBefore.size() * 9 / 10);
}

TEST_CASE("changePassphrase refuses a wrong old passphrase and a weak new one", "[store][vault][profile]")
{
    QTemporaryDir dir;
    const ProfilePaths paths { dir.path() };
    test::createProfile(dir.path(), test::fastOptions()).reset();
    const QByteArray vaultBefore = test::fileHash(paths.vault());

    const Status wrongOld = Profile::changePassphrase(dir.path(), secret(test::kOtherPassphrase),
        secret("another fine passphrase here"), test::fastOptions());
    REQUIRE_FALSE(wrongOld.ok());
    CHECK(wrongOld.error().code == ErrorCode::WrongPassphrase);

    const Status weakNew = Profile::changePassphrase(
        dir.path(), secret(test::kPassphrase), secret("password1234"), test::fastOptions());
    REQUIRE_FALSE(weakNew.ok());
    CHECK(weakNew.error().code == ErrorCode::PassphraseRejected);

    CHECK(test::fileHash(paths.vault()) == vaultBefore);
    CHECK(Profile::unlock(dir.path(), secret(test::kPassphrase)).ok());
}

TEST_CASE("The vault records the Argon2id parameters and the cipher settings", "[store][vault]")
{
    QTemporaryDir dir;
    auto session = test::createProfile(dir.path(), test::fastOptions());
    const QString cipherVersion = session->database().cipherVersion();
    session.reset();

    auto vault = Vault::read(ProfilePaths { dir.path() }.vault());
    REQUIRE(vault.ok());
    const VaultHeader& header = vault->header();
    CHECK(header.kdf == crypto::argon2InteractiveMinimum());
    CHECK(crypto::argon2ParamsAcceptable(header.kdf));
    CHECK(header.kdf.opsLimit >= crypto::argon2InteractiveMinimum().opsLimit);
    CHECK(header.kdf.memLimitBytes >= crypto::argon2InteractiveMinimum().memLimitBytes);
    CHECK(header.salt.size() == qsizetype(crypto::kArgon2SaltBytes));

    CHECK(header.cipher.pageSize == 1024);
    CHECK(header.cipher.hmacAlgorithm == QStringLiteral("HMAC_SHA1"));
    CHECK(header.cipher.kdfAlgorithm == QStringLiteral("PBKDF2_HMAC_SHA1"));
    REQUIRE_FALSE(cipherVersion.isEmpty());
    CHECK(header.cipher.writtenBy == cipherVersion);
    CHECK(header.cipher.writtenBy == QStringLiteral("3.4.1"));
}

TEST_CASE("Equivalent spellings of a passphrase unlock the same profile (NFKC)", "[store][vault][profile]")
{
    QTemporaryDir dir;
    SECTION("full-width letters at create, ASCII at unlock")
    {
        // U+FF41.. : the full-width forms of "lantern orchid pebble dune".
        const QString fullWidth
            = QString::fromUtf8("\xEF\xBD\x8C\xEF\xBD\x81\xEF\xBD\x8E\xEF\xBD\x94\xEF\xBD\x85"
                                "\xEF\xBD\x92\xEF\xBD\x8E orchid pebble dune");
        auto created = Profile::create(dir.path(), secret(fullWidth), test::fastOptions());
        REQUIRE(created.ok());
        created.value().reset();
        CHECK(Profile::unlock(dir.path(), secret("lantern orchid pebble dune")).ok());
        CHECK(Profile::unlock(dir.path(), secret(fullWidth)).ok());
    }
    SECTION("decomposed accents at create, composed at unlock")
    {
        const QString decomposed
            = QString::fromUtf8("cafe\xCC\x81 re\xCC\x81sume\xCC\x81 nai\xCC\x88ve tundra");
        const QString composed = QString::fromUtf8("caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 na\xC3\xAFve tundra");
        REQUIRE(decomposed.toUtf8() != composed.toUtf8());
        auto created = Profile::create(dir.path(), secret(decomposed), test::fastOptions());
        REQUIRE(created.ok());
        created.value().reset();
        CHECK(Profile::unlock(dir.path(), secret(composed)).ok());
        auto plain = Profile::unlock(dir.path(), secret("cafe resume naive tundra"));
        REQUIRE_FALSE(plain.ok());
        CHECK(plain.error().code == ErrorCode::WrongPassphrase);
    }
}

TEST_CASE("A weak passphrase is refused at create and nothing is written", "[store][vault][profile]")
{
    QTemporaryDir parent;
    const char* weak
        = GENERATE("short pass", "password1234", "123qweasdzxc", "wardwardwardward", "aaaaaaaaaaaaaaaa");
    INFO(weak);

    SECTION("into an existing empty folder")
    {
        auto created = Profile::create(parent.path(), secret(weak), test::fastOptions());
        REQUIRE_FALSE(created.ok());
        CHECK(created.error().code == ErrorCode::PassphraseRejected);
        CHECK_FALSE(created.error().message.contains(QLatin1String(weak)));
        CHECK(test::filesUnder(parent.path()).isEmpty());
        CHECK(
            QDir(parent.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
    }
    SECTION("into a folder that does not exist yet")
    {
        const QString dir = parent.filePath(QStringLiteral("profile"));
        auto created = Profile::create(dir, secret(weak), test::fastOptions());
        REQUIRE_FALSE(created.ok());
        CHECK(created.error().code == ErrorCode::PassphraseRejected);
        CHECK_FALSE(QFileInfo::exists(dir));
    }
}

TEST_CASE("Argon2 calibration spends memory first, then passes, never below INTERACTIVE", "[crypto][argon2]")
{
    using namespace std::chrono_literals;
    const crypto::Argon2Params floor = crypto::argon2InteractiveMinimum();
    constexpr std::uint64_t kMiB = 1024 * 1024;
    int calls = 0;
    // A fake machine on which the INTERACTIVE minimum costs 50 ms and cost grows with memory times passes.
    const auto linear = [&](const crypto::Argon2Params& p) {
        ++calls;
        const double scale = double(p.opsLimit) * double(p.memLimitBytes)
            / (double(floor.opsLimit) * double(floor.memLimitBytes));
        return std::chrono::duration<double>(0.050 * scale);
    };

    SECTION("target 0 is the INTERACTIVE minimum, without measuring")
    {
        CHECK(crypto::argon2Calibrate(0ms, linear) == floor);
        CHECK(calls == 0);
    }
    SECTION("a target the minimum already exceeds stays at the minimum")
    {
        CHECK(crypto::argon2Calibrate(20ms, linear) == floor);
    }
    SECTION("a small raise goes into memory only")
    {
        const crypto::Argon2Params p = crypto::argon2Calibrate(100ms, linear);
        CHECK(p.memLimitBytes == 2 * floor.memLimitBytes);
        CHECK(p.opsLimit == floor.opsLimit);
    }
    SECTION("memory stops at 256 MiB, then passes grow")
    {
        const crypto::Argon2Params p = crypto::argon2Calibrate(500ms, linear);
        CHECK(p.memLimitBytes == 256 * kMiB);
        CHECK(p.opsLimit == 5); // 50 ms * 4 (memory) * 5/2 (passes) = 500 ms
        CHECK(crypto::argon2ParamsAcceptable(p));
    }
    SECTION("a huge target is capped by the ceilings")
    {
        const crypto::Argon2Params p = crypto::argon2Calibrate(std::chrono::milliseconds(1'000'000), linear);
        CHECK(p.memLimitBytes == crypto::kArgon2CalibrationMemCeiling);
        CHECK(p.opsLimit == crypto::kArgon2MaxOps);
        CHECK(crypto::argon2ParamsAcceptable(p));
    }
    SECTION("a machine that turns out slower never drops below INTERACTIVE")
    {
        int call = 0;
        const auto erratic = [&](const crypto::Argon2Params&) {
            // Fast at first, then far slower than the estimate.
            return std::chrono::duration<double>(++call == 1 ? 0.010 : 1000.0);
        };
        const crypto::Argon2Params p = crypto::argon2Calibrate(1000ms, erratic);
        CHECK(p.opsLimit == floor.opsLimit);
        CHECK(p.memLimitBytes >= floor.memLimitBytes);
        CHECK(crypto::argon2ParamsAcceptable(p));
    }
    SECTION("a timer that reports no time at all still gives acceptable parameters")
    {
        const auto zero = [](const crypto::Argon2Params&) { return std::chrono::duration<double>(0.0); };
        const crypto::Argon2Params p = crypto::argon2Calibrate(500ms, zero);
        CHECK(crypto::argon2ParamsAcceptable(p));
        CHECK(p.memLimitBytes >= floor.memLimitBytes);
    }
}
