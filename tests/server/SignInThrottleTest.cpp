// The sign-in throttle's schedule: free attempts, then doubling waits to a cap; and the per-address memory.
#include "services/SignInThrottle.h"

#include <catch2/catch.hpp>

using ward::server::SignInThrottle;

TEST_CASE("The first four failures cost nothing; then the wait doubles from one second to five minutes",
    "[server][throttle]")
{
    for (int failures = 0; failures <= 4; ++failures) {
        CHECK(SignInThrottle::delayAfterFailures(failures) == 0);
    }
    CHECK(SignInThrottle::delayAfterFailures(5) == 1'000);
    CHECK(SignInThrottle::delayAfterFailures(6) == 2'000);
    CHECK(SignInThrottle::delayAfterFailures(7) == 4'000);
    CHECK(SignInThrottle::delayAfterFailures(13) == 256'000);
    CHECK(SignInThrottle::delayAfterFailures(14) == 300'000);
    CHECK(SignInThrottle::delayAfterFailures(99) == 300'000);
    CHECK(SignInThrottle::delayAfterFailures(1'000'000) == 300'000);
}

TEST_CASE("An address waits after its fifth failure, whatever account it tried", "[server][throttle]")
{
    SignInThrottle throttle;
    const QString address = QStringLiteral("198.51.100.7");
    std::int64_t now = 1'000'000;
    for (int i = 1; i <= 4; ++i) {
        CHECK(throttle.addressFailed(address, now) == i);
        CHECK(throttle.addressRetryAfterMs(address, now) == 0);
    }
    CHECK(throttle.addressFailed(address, now) == 5);
    CHECK(throttle.addressRetryAfterMs(address, now) == 1'000);
    CHECK(throttle.addressRetryAfterMs(address, now + 400) == 600);
    CHECK(throttle.addressRetryAfterMs(address, now + 1'000) == 0);
    CHECK(throttle.addressRetryAfterMs(QStringLiteral("198.51.100.8"), now) == 0);

    now += 1'000;
    CHECK(throttle.addressFailed(address, now) == 6);
    CHECK(throttle.addressRetryAfterMs(address, now) == 2'000);

    SECTION("an hour without failures forgets the address")
    {
        now += SignInThrottle::kAddressMemoryMs + 1;
        CHECK(throttle.addressFailures(address, now) == 0);
        CHECK(throttle.addressFailed(address, now) == 1);
        CHECK(throttle.addressRetryAfterMs(address, now) == 0);
    }
}

TEST_CASE("The throttle's memory of addresses stays bounded under a flood", "[server][throttle]")
{
    SignInThrottle throttle;
    const std::int64_t now = 5'000'000;
    for (qsizetype i = 0; i < SignInThrottle::kMaxAddresses + 10; ++i) {
        (void)throttle.addressFailed(QStringLiteral("a%1").arg(i), now + i);
    }
    CHECK(throttle.trackedAddresses() <= SignInThrottle::kMaxAddresses);
    // The newest address is remembered; the oldest made room.
    const QString newest = QStringLiteral("a%1").arg(SignInThrottle::kMaxAddresses + 9);
    CHECK(throttle.addressFailures(newest, now + SignInThrottle::kMaxAddresses + 10) == 1);
    CHECK(throttle.addressFailures(QStringLiteral("a0"), now + SignInThrottle::kMaxAddresses + 10) == 0);
}
