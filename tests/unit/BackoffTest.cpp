// Reconnect backoff: full jitter under a ceiling that doubles from 0.5 s to a 30 s cap, drawn from the
// random source it is given (seeded here), and a fresh start only after a connection that stayed up.
#include "net/Backoff.h"

#include <catch2/catch.hpp>

#include <random>

using std::chrono::milliseconds;
using ward::net::Backoff;

namespace {

Backoff::RandomSource seeded(std::uint64_t seed)
{
    auto engine = std::make_shared<std::mt19937_64>(seed);
    return [engine] { return (*engine)(); };
}

} // namespace

TEST_CASE("Backoff ceilings double from half a second and stop at thirty seconds", "[net][backoff]")
{
    Backoff backoff(seeded(1));
    const std::vector<std::int64_t> expected { 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 };
    for (const std::int64_t ceiling : expected) {
        CHECK(backoff.ceiling().count() == ceiling);
        const milliseconds delay = backoff.next();
        CHECK(delay.count() >= 0);
        CHECK(delay.count() <= ceiling);
    }
    for (int i = 0; i < 100; ++i) {
        CHECK(backoff.next() <= milliseconds(30'000)); // no overflow after many attempts
    }
}

TEST_CASE("Backoff draws the whole range under the ceiling, not a fixed delay", "[net][backoff]")
{
    // Full jitter: over many draws at the cap, both the low and the high end of the range appear.
    Backoff backoff(seeded(7));
    for (int i = 0; i < 10; ++i) {
        (void)backoff.next();
    }
    std::int64_t low = 30'000;
    std::int64_t high = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::int64_t delay = backoff.next().count();
        low = std::min(low, delay);
        high = std::max(high, delay);
    }
    CHECK(low < 1'000);
    CHECK(high > 29'000);
}

TEST_CASE("The same seed gives the same delays and another seed other delays", "[net][backoff]")
{
    Backoff a(seeded(42));
    Backoff b(seeded(42));
    Backoff c(seeded(43));
    std::vector<std::int64_t> da;
    std::vector<std::int64_t> db;
    std::vector<std::int64_t> dc;
    for (int i = 0; i < 12; ++i) {
        da.push_back(a.next().count());
        db.push_back(b.next().count());
        dc.push_back(c.next().count());
    }
    CHECK(da == db);
    CHECK(da != dc);
}

TEST_CASE("Backoff starts again only after a stable connection", "[net][backoff]")
{
    Backoff backoff(seeded(3));
    for (int i = 0; i < 5; ++i) {
        (void)backoff.next();
    }
    REQUIRE(backoff.ceiling().count() == 16'000);

    // Up and down again within seconds: a flapping link keeps backing off.
    backoff.connected(1'000);
    backoff.disconnected(1'000 + Backoff::kStableMs - 1);
    CHECK(backoff.ceiling().count() == 16'000);

    backoff.connected(100'000);
    backoff.disconnected(100'000 + Backoff::kStableMs);
    CHECK(backoff.attempts() == 0);
    CHECK(backoff.ceiling().count() == 500);

    // A disconnect without a connection does not reset.
    (void)backoff.next();
    backoff.disconnected(10'000'000);
    CHECK(backoff.ceiling().count() == 1'000);
}
