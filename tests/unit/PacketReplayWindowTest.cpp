// The replay window decides which authenticated packets are new: reordering inside kReplayWindow is fine, a
// duplicate or anything further back is not. Its ring of bits must never confuse a number with one
// kRingBits away, which a model with a plain set checks over long random runs.
#include "PacketFixture.h"

#include "crypto/packet/ReplayWindow.h"

#include <catch2/catch.hpp>

#include <random>
#include <set>

using namespace ward::crypto::packet;

namespace {

// Checks and, when new, accepts: what the opener does once a packet has authenticated.
OpenStatus offer(ReplayWindow& window, std::uint64_t sequence)
{
    const OpenStatus verdict = window.check(sequence);
    if (verdict == OpenStatus::Opened) {
        window.accept(sequence);
    }
    return verdict;
}

} // namespace

TEST_CASE("The replay window takes reordered packets once and refuses duplicates", "[packet]")
{
    ReplayWindow window;
    CHECK(window.empty());
    CHECK(offer(window, 10) == OpenStatus::Opened);
    CHECK(offer(window, 12) == OpenStatus::Opened);
    CHECK(offer(window, 11) == OpenStatus::Opened); // late, inside the window
    CHECK(offer(window, 11) == OpenStatus::Replayed); // duplicate after the reorder
    CHECK(offer(window, 12) == OpenStatus::Replayed);
    CHECK(offer(window, 10) == OpenStatus::Replayed);
    CHECK(offer(window, 5) == OpenStatus::Opened); // before the first one seen, still inside the window
    CHECK(window.newest() == 12);
    CHECK(offer(window, 0) == OpenStatus::Opened);
    CHECK(offer(window, 0) == OpenStatus::Replayed);
}

TEST_CASE("The replay window's edge is exactly kReplayWindow behind the newest", "[packet]")
{
    const std::uint64_t newest = GENERATE(std::uint64_t { 1025 }, std::uint64_t { 5000 },
        std::uint64_t { 2047 }, std::uint64_t { 2048 }, std::uint64_t { 1 } << 40, ~std::uint64_t { 0 });
    ReplayWindow window;
    REQUIRE(offer(window, newest) == OpenStatus::Opened);
    CHECK(window.check(newest - kReplayWindow - 1) == OpenStatus::TooOld); // 1025 back
    CHECK(offer(window, newest - kReplayWindow) == OpenStatus::Opened); // exactly 1024 back
    CHECK(offer(window, newest - kReplayWindow) == OpenStatus::Replayed);
    CHECK(offer(window, newest - 1) == OpenStatus::Opened);
    CHECK(offer(window, newest) == OpenStatus::Replayed);

    // Checking never changes the window: a too-old number stays too old, a new one stays new until accepted.
    CHECK(window.check(newest - kReplayWindow - 1) == OpenStatus::TooOld);
    CHECK(window.check(newest - 2) == OpenStatus::Opened);
    CHECK(window.check(newest - 2) == OpenStatus::Opened);
    CHECK(window.newest() == newest);
}

TEST_CASE("The replay window moves with the newest packet and forgets what falls out", "[packet]")
{
    ReplayWindow window;
    REQUIRE(offer(window, 100) == OpenStatus::Opened);
    // A jump far ahead: 100 is now too old, and numbers just behind the new newest are fresh.
    REQUIRE(offer(window, 100 + 3 * kReplayWindow) == OpenStatus::Opened);
    CHECK(window.check(100) == OpenStatus::TooOld);
    CHECK(offer(window, 100 + 2 * kReplayWindow) == OpenStatus::Opened);
    CHECK(offer(window, 100 + 2 * kReplayWindow) == OpenStatus::Replayed);

    // After a jump of exactly the ring's size (2048), the bit that 100 left in its word must not answer for
    // 100 + 2048.
    ReplayWindow ring;
    REQUIRE(offer(ring, 100) == OpenStatus::Opened);
    REQUIRE(offer(ring, 2047 + 100) == OpenStatus::Opened);
    CHECK(offer(ring, 2048 + 100) == OpenStatus::Opened);
    CHECK(offer(ring, 2048 + 101) == OpenStatus::Opened);
}

TEST_CASE("The replay window agrees with a model over long random runs", "[packet]")
{
    std::mt19937_64 random(GENERATE(1U, 2U, 3U));
    ReplayWindow window;
    std::set<std::uint64_t> seen;
    std::uint64_t newest = 0;
    std::uint64_t sequence = 0;
    for (int i = 0; i < 50000; ++i) {
        // Mostly forward in small steps, sometimes far ahead, often back: every case the window has.
        const auto roll = random() % 100;
        if (roll < 60) {
            sequence = newest + random() % 4;
        } else if (roll < 62) {
            sequence = newest + random() % 5000;
        } else {
            const std::uint64_t back = random() % 1500;
            sequence = back > newest ? 0 : newest - back;
        }
        OpenStatus expected = OpenStatus::Opened;
        if (!seen.empty() && sequence < newest && newest - sequence > kReplayWindow) {
            expected = OpenStatus::TooOld;
        } else if (seen.count(sequence) != 0) {
            expected = OpenStatus::Replayed;
        }
        REQUIRE(offer(window, sequence) == expected);
        if (expected == OpenStatus::Opened) {
            seen.insert(sequence);
            newest = std::max(newest, sequence);
        }
    }
}
