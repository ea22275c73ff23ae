// The unlock throttle: a few wrong passphrases are free, then each attempt waits longer; the count lives on
// disk, so a restart (a new Profile::unlock, a new process) does not reset it; a correct passphrase resets it
// and reports the failures to the audit log with their times.
#include "TestSupport.h"

#include "store/Profile.h"
#include "store/UnlockThrottle.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::store;
using ward::test::secret;

namespace {

Result<std::unique_ptr<ProfileSession>> tryUnlock(
    const QString& dir, std::string_view passphrase, const test::FakeClock& clock)
{
    return Profile::unlock(dir, secret(passphrase), clock.clock());
}

ErrorCode failureOf(const Result<std::unique_ptr<ProfileSession>>& result)
{
    REQUIRE_FALSE(result.ok());
    return result.error().code;
}

} // namespace

TEST_CASE("Three wrong passphrases are free, then each attempt waits longer", "[store][throttle]")
{
    QTemporaryDir dir;
    test::FakeClock clock;
    test::createProfile(dir.path(), test::fastOptions(clock.clock())).reset();
    const ProfilePaths paths { dir.path() };

    std::vector<std::int64_t> failedAt;
    for (int i = 0; i < UnlockThrottle::kFreeAttempts; ++i) {
        clock.advance(1000);
        failedAt.push_back(clock.now());
        CHECK(failureOf(tryUnlock(dir.path(), test::kOtherPassphrase, clock)) == ErrorCode::WrongPassphrase);
    }

    // The fourth attempt must wait, even with the right passphrase, and says for how long.
    auto throttled = tryUnlock(dir.path(), test::kPassphrase, clock);
    REQUIRE(failureOf(throttled) == ErrorCode::Throttled);
    CHECK(throttled.error().message.contains(QStringLiteral("5 seconds")));
    CHECK(Profile::unlockWaitMs(dir.path(), clock.clock()) == UnlockThrottle::kFirstDelayMs);

    // A throttled attempt is not counted and does not move the wait.
    clock.advance(2000);
    CHECK(failureOf(tryUnlock(dir.path(), test::kOtherPassphrase, clock)) == ErrorCode::Throttled);
    CHECK(Profile::unlockWaitMs(dir.path(), clock.clock()) == 3000);

    // After the wait, a fourth wrong passphrase is tried and the next wait is longer.
    clock.advance(3000);
    failedAt.push_back(clock.now());
    CHECK(failureOf(tryUnlock(dir.path(), test::kOtherPassphrase, clock)) == ErrorCode::WrongPassphrase);
    auto longer = tryUnlock(dir.path(), test::kOtherPassphrase, clock);
    REQUIRE(failureOf(longer) == ErrorCode::Throttled);
    CHECK(longer.error().message.contains(QStringLiteral("10 seconds")));
    CHECK(Profile::unlockWaitMs(dir.path(), clock.clock()) == 2 * UnlockThrottle::kFirstDelayMs);

    // The count is on disk: a fresh throttle object (as after a restart) sees it.
    UnlockThrottle fresh(paths.unlockState(), clock.clock());
    CHECK(fresh.load().consecutiveFailures == 4);
    CHECK(fresh.waitRemainingMs() == 2 * UnlockThrottle::kFirstDelayMs);
    CHECK(fresh.beginAttempt().error().code == ErrorCode::Throttled);

    // After the wait the right passphrase opens the profile and the count starts again.
    clock.advance(2 * UnlockThrottle::kFirstDelayMs);
    const std::int64_t unlockedAt = clock.now();
    auto session = tryUnlock(dir.path(), test::kPassphrase, clock);
    REQUIRE(session.ok());
    CHECK(Profile::unlockWaitMs(dir.path(), clock.clock()) == 0);
    CHECK(UnlockThrottle(paths.unlockState(), clock.clock()).load().consecutiveFailures == 0);

    // The failures are in the audit log, at their own times, before the unlock that reported them.
    auto entries = session.value()->audit().entries();
    REQUIRE(entries.ok());
    std::vector<std::int64_t> logged;
    for (const AuditEntry& e : entries.value()) {
        if (e.event == QStringLiteral("profile.unlock_failed")) {
            logged.push_back(e.atMs);
        }
    }
    CHECK(logged == failedAt);
    REQUIRE_FALSE(entries->empty());
    CHECK(entries->back().event == QStringLiteral("profile.unlocked"));
    CHECK(entries->back().atMs == unlockedAt);
    CHECK(session.value()->audit().verify()->intact);
    session.value().reset();

    // Reset means three free attempts again.
    for (int i = 0; i < UnlockThrottle::kFreeAttempts; ++i) {
        CHECK(failureOf(tryUnlock(dir.path(), test::kOtherPassphrase, clock)) == ErrorCode::WrongPassphrase);
    }
    CHECK(failureOf(tryUnlock(dir.path(), test::kOtherPassphrase, clock)) == ErrorCode::Throttled);
}

TEST_CASE("The throttle delay doubles up to its ceiling", "[store][throttle]")
{
    CHECK(UnlockThrottle::delayAfter(0) == 0);
    CHECK(UnlockThrottle::delayAfter(UnlockThrottle::kFreeAttempts - 1) == 0);
    CHECK(UnlockThrottle::delayAfter(UnlockThrottle::kFreeAttempts) == UnlockThrottle::kFirstDelayMs);
    CHECK(UnlockThrottle::delayAfter(UnlockThrottle::kFreeAttempts + 1) == 2 * UnlockThrottle::kFirstDelayMs);
    CHECK(UnlockThrottle::delayAfter(UnlockThrottle::kFreeAttempts + 2) == 4 * UnlockThrottle::kFirstDelayMs);
    CHECK(UnlockThrottle::delayAfter(1000) == UnlockThrottle::kMaxDelayMs);
    CHECK(UnlockThrottle::delayAfter(1'000'000) == UnlockThrottle::kMaxDelayMs);
    for (int failures = 1; failures < 60; ++failures) {
        CHECK(UnlockThrottle::delayAfter(failures) >= UnlockThrottle::delayAfter(failures - 1));
    }
}

TEST_CASE("Long waits are stated in minutes", "[store][throttle]")
{
    QTemporaryDir dir;
    test::FakeClock clock;
    UnlockThrottle throttle(dir.filePath(QStringLiteral("unlock-state.json")), clock.clock());
    for (int i = 0; i < UnlockThrottle::kFreeAttempts + 5; ++i) {
        REQUIRE(throttle.beginAttempt().ok());
        clock.advance(UnlockThrottle::kMaxDelayMs);
    }
    clock.advance(-UnlockThrottle::kMaxDelayMs);
    // 8 failures: 5 s doubled five times = 160 s, shown as 3 minutes.
    const Status status = throttle.beginAttempt();
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::Throttled);
    CHECK(status.error().message.contains(QStringLiteral("3 minutes")));
}

TEST_CASE("A damaged unlock-state file does not reset the count to zero", "[store][throttle]")
{
    QTemporaryDir dir;
    test::FakeClock clock;
    test::createProfile(dir.path(), test::fastOptions(clock.clock())).reset();
    const ProfilePaths paths { dir.path() };

    // Two wrong passphrases: one free attempt left.
    for (int i = 0; i < 2; ++i) {
        CHECK(failureOf(tryUnlock(dir.path(), test::kOtherPassphrase, clock)) == ErrorCode::WrongPassphrase);
    }
    const QByteArray damage = GENERATE(QByteArray("{\"failures\": 2, \"last_att"),
        QByteArray("\x00\xff\x13garbage", 10), QByteArray("[]"), QByteArray(""));
    test::writeFile(paths.unlockState(), damage);

    // With the count reset to zero there would be three free attempts; there is at most one.
    CHECK(failureOf(tryUnlock(dir.path(), test::kOtherPassphrase, clock)) == ErrorCode::WrongPassphrase);
    CHECK(failureOf(tryUnlock(dir.path(), test::kOtherPassphrase, clock)) == ErrorCode::Throttled);
    CHECK(Profile::unlockWaitMs(dir.path(), clock.clock()) > 0);
}

TEST_CASE("A counter from the future never locks a person out for longer than the longest delay",
    "[store][throttle]")
{
    QTemporaryDir dir;
    test::FakeClock clock;
    const QString path = dir.filePath(QStringLiteral("unlock-state.json"));

    SECTION("the system clock was set back after some failures")
    {
        UnlockThrottle throttle(path, clock.clock());
        for (int i = 0; i < UnlockThrottle::kFreeAttempts; ++i) {
            REQUIRE(throttle.beginAttempt().ok());
        }
        const std::int64_t delay = UnlockThrottle::delayAfter(UnlockThrottle::kFreeAttempts);
        clock.advance(-24LL * 60 * 60 * 1000); // a day back
        CHECK(throttle.waitRemainingMs() <= delay);
        // Trying once a second, the next attempt is allowed within two delays, not a day later.
        std::int64_t waited = 0;
        while (!throttle.beginAttempt().ok() && waited <= 2 * delay) {
            clock.advance(1000);
            waited += 1000;
        }
        CHECK(waited <= 2 * delay);
    }
    SECTION("a damaged file with a last attempt far in the future")
    {
        const QByteArray time = GENERATE(QByteArray("4102444800000"), // the year 2100
            QByteArray("9000000000000000000"), QByteArray("9223372036854774784")); // near the largest int64
        INFO(time.toStdString());
        for (const QByteArray& failures : { QByteArray("0"), QByteArray("3"), QByteArray("40") }) {
            INFO("failures " << failures.toStdString());
            test::writeFile(path,
                "{\"failures\":" + failures + ",\"last_attempt_ms\":" + time + ",\"unreported_ms\":[]}");
            UnlockThrottle throttle(path, clock.clock());
            const std::int64_t wait = throttle.waitRemainingMs();
            CHECK(wait >= 0);
            CHECK(wait <= UnlockThrottle::kMaxDelayMs);
        }
    }
}
