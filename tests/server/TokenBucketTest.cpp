// The per-connection rate limit: a burst is allowed, then requests are refused until time refills the
// bucket at the configured rate, and the retry hint says when the next one will pass.
#include "TokenBucket.h"

#include <catch2/catch.hpp>

using ward::server::TokenBucket;

TEST_CASE("a token bucket allows its burst, then its rate", "[server][ratelimit]")
{
    TokenBucket bucket(30, 60, 1'000);
    int allowed = 0;
    while (bucket.take(1'000)) {
        ++allowed;
    }
    CHECK(allowed == 60);
    CHECK_FALSE(bucket.take(1'000));
    CHECK(bucket.retryAfterMs(1'000) == 34); // 1000 ms / 30 tokens, rounded up

    // One second later: 30 more, no more.
    allowed = 0;
    while (bucket.take(2'000)) {
        ++allowed;
    }
    CHECK(allowed == 30);

    // A long pause refills to the burst, not beyond.
    allowed = 0;
    while (bucket.take(100'000)) {
        ++allowed;
    }
    CHECK(allowed == 60);
}

TEST_CASE("a clock that steps back gives no tokens", "[server][ratelimit]")
{
    TokenBucket bucket(10, 1, 5'000);
    CHECK(bucket.take(5'000));
    CHECK_FALSE(bucket.take(1'000));
    CHECK_FALSE(bucket.take(5'000));
    CHECK(bucket.take(5'100));
}
