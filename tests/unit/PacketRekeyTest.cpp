// Key epochs: the sender moves on after a packet count or a time, the receiver follows when a packet of a
// later epoch authenticates, late packets of the epoch just left open for a grace period and not after, and
// no header, and so no nonce, ever repeats under a key.
#include "PacketFixture.h"

#include "crypto/packet/PacketHeader.h"

#include <catch2/catch.hpp>

#include <set>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::packet;
using ward::test::Bytes;
using ward::test::PacketLink;

namespace {

constexpr std::int64_t kTenMinutesMs = std::int64_t { 10 } * 60 * 1000;

PacketHeader headerOf(const Bytes& packet)
{
    auto header = PacketHeader::read(packet.data(), packet.size());
    REQUIRE(header.has_value());
    return *header;
}

PacketLimits rekeyEvery(std::uint64_t packets)
{
    PacketLimits limits = PacketLimits::forKind(PacketKind::Media);
    limits.rekeyAfterPackets = packets;
    return limits;
}

} // namespace

TEST_CASE("The sender moves to the next epoch after the packet limit and the receiver follows", "[packet]")
{
    PacketLink link(rekeyEvery(100));
    for (int i = 0; i < 350; ++i) {
        const Bytes packet = link.seal(static_cast<std::uint16_t>(i % 2), 24);
        const PacketHeader header = headerOf(packet);
        REQUIRE(header.epoch == static_cast<std::uint32_t>(i / 100));
        REQUIRE(header.sequence == static_cast<std::uint64_t>(i / 2)); // numbering carries on across epochs
        REQUIRE(link.open(packet) == OpenStatus::Opened);
        REQUIRE(link.opener->epoch() == header.epoch);
    }
    CHECK(link.sealer->epoch() == 3);
    CHECK(link.sealer->packetsInEpoch() == 50);
}

TEST_CASE("At the real limit 2^20 packets share an epoch and the next one starts a new one", "[packet]")
{
    PacketLink link;
    REQUIRE(link.sealer->limits().rekeyAfterPackets == (std::uint64_t { 1 } << 20));
    std::uint8_t out[kOverheadBytes];
    for (std::uint64_t i = 0; i + 1 < (std::uint64_t { 1 } << 20); ++i) {
        REQUIRE(link.sealer->seal(0, nullptr, 0, out, sizeof out).ok());
    }
    CHECK(link.sealer->epoch() == 0);
    const Bytes last = link.seal(0, 0);
    const Bytes next = link.seal(0, 0);
    CHECK(headerOf(last).epoch == 0);
    CHECK(headerOf(last).sequence == (std::uint64_t { 1 } << 20) - 1);
    CHECK(headerOf(next).epoch == 1);
    CHECK(link.open(last) == OpenStatus::Opened);
    CHECK(link.open(next) == OpenStatus::Opened);
    CHECK(link.opener->epoch() == 1);
}

TEST_CASE("The sender moves to the next epoch after ten minutes", "[packet]")
{
    PacketLink link;
    REQUIRE(link.open(link.seal()) == OpenStatus::Opened);
    link.clock.advance(kTenMinutesMs - 1);
    const Bytes before = link.seal();
    CHECK(headerOf(before).epoch == 0);
    link.clock.advance(1);
    const Bytes after = link.seal();
    CHECK(headerOf(after).epoch == 1);
    // The new epoch's clock starts with it.
    link.clock.advance(kTenMinutesMs - 1);
    CHECK(headerOf(link.seal()).epoch == 1);

    CHECK(link.open(before) == OpenStatus::Opened);
    CHECK(link.open(after) == OpenStatus::Opened);
    CHECK(link.opener->epoch() == 1);

    // A clock that jumps back to before the epoch began cannot stretch it: the sender starts a new one.
    link.clock.advance(-kTenMinutesMs);
    CHECK(headerOf(link.seal()).epoch == 2);
}

TEST_CASE("A late packet of the previous epoch opens within the grace period and not after", "[packet]")
{
    PacketLink link(rekeyEvery(3));
    std::vector<Bytes> epoch0;
    epoch0.reserve(3);
    for (int i = 0; i < 3; ++i) {
        epoch0.push_back(link.seal());
    }
    const Bytes firstOfEpoch1 = link.seal();
    REQUIRE(headerOf(firstOfEpoch1).epoch == 1);
    REQUIRE(link.open(epoch0[0]) == OpenStatus::Opened);

    // The first packet of epoch 1 overtakes the last two of epoch 0.
    REQUIRE(link.open(firstOfEpoch1) == OpenStatus::Opened);
    CHECK(link.opener->epoch() == 1);
    CHECK(link.opener->readsPreviousEpoch());
    link.clock.advance(link.opener->limits().previousEpochGraceMs - 1);
    CHECK(link.open(epoch0[1]) == OpenStatus::Opened);
    CHECK(link.open(epoch0[1]) == OpenStatus::Replayed);
    link.clock.advance(1);
    CHECK(link.open(epoch0[2]) == OpenStatus::WrongEpoch);
    CHECK_FALSE(link.opener->readsPreviousEpoch());
    // Going back in time does not bring the wiped key back.
    link.clock.advance(-10'000);
    CHECK(link.open(epoch0[2]) == OpenStatus::WrongEpoch);
    CHECK(link.opener->counters()[OpenStatus::WrongEpoch] == 2);
}

TEST_CASE("A receiver follows over a few lost epochs but not over more", "[packet]")
{
    PacketLink link(rekeyEvery(1));
    std::vector<Bytes> packets; // packets[n] is the only packet of epoch n
    packets.reserve(12);
    for (std::uint32_t epoch = 0; epoch < 12; ++epoch) {
        packets.push_back(link.seal());
        REQUIRE(headerOf(packets.back()).epoch == epoch);
    }
    REQUIRE(link.open(packets[0]) == OpenStatus::Opened);
    CHECK(link.open(packets[kMaxEpochJump + 1]) == OpenStatus::WrongEpoch);
    CHECK(link.opener->epoch() == 0);
    CHECK(link.open(packets[kMaxEpochJump]) == OpenStatus::Opened);
    CHECK(link.opener->epoch() == kMaxEpochJump);
    // The epoch it left (0) stays readable for the grace; the skipped ones do not.
    CHECK(link.open(packets[1]) == OpenStatus::WrongEpoch);
    CHECK(link.open(packets[kMaxEpochJump + 1]) == OpenStatus::Opened);
    CHECK(link.open(packets[2 * kMaxEpochJump + 1]) == OpenStatus::Opened);
    CHECK(link.opener->epoch() == 2 * kMaxEpochJump + 1);
    CHECK(link.open(packets[2 * kMaxEpochJump + 1]) == OpenStatus::Replayed);
    CHECK(link.opener->counters().opened() == 4);
}

TEST_CASE("A forged packet of a later epoch does not move the receiver", "[packet]")
{
    PacketLink link(rekeyEvery(1));
    const Bytes first = link.seal();
    const Bytes second = link.seal();
    REQUIRE(link.open(first) == OpenStatus::Opened);
    for (std::uint32_t epoch = 1; epoch <= kMaxEpochJump; ++epoch) {
        Bytes forged = second;
        PacketHeader header = headerOf(second);
        header.epoch = epoch;
        header.write(forged.data());
        forged[kHeaderBytes] ^= epoch == 1 ? 0x01 : 0x00; // epoch 1 is the real one: spoil the body instead
        CHECK(link.open(forged) == OpenStatus::Tampered);
        CHECK(link.opener->epoch() == 0);
    }
    CHECK(link.open(second) == OpenStatus::Opened);
    CHECK(link.opener->epoch() == 1);
}

TEST_CASE("Sealing refuses once the session's epochs are used up", "[packet]")
{
    PacketLimits limits = rekeyEvery(2);
    limits.lastEpoch = 2;
    PacketLink link(limits);
    for (int i = 0; i < 6; ++i) {
        REQUIRE(headerOf(link.seal()).epoch == static_cast<std::uint32_t>(i / 2));
    }
    std::uint8_t out[kOverheadBytes];
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto refused = link.sealer->seal(0, nullptr, 0, out, sizeof out);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::Crypto);
        CHECK(refused.error().message.contains(QStringLiteral("all its packet keys")));
    }
    // Time does not help either.
    link.clock.advance(kTenMinutesMs);
    CHECK_FALSE(link.sealer->seal(1, nullptr, 0, out, sizeof out).ok());
    CHECK(link.sealer->epoch() == 2);
}

TEST_CASE("No header and no nonce repeats across streams and epochs", "[packet]")
{
    PacketLink link(rekeyEvery(500));
    std::set<Bytes> nonces;
    std::set<Bytes> bodies;
    std::set<std::uint32_t> epochs;
    const Bytes plain(
        64, 0x2a); // the same plaintext every time: equal bodies would mean a repeated keystream
    const int total = 6000;
    for (int i = 0; i < total; ++i) {
        if (i % 1000 == 999) {
            link.clock.advance(kTenMinutesMs); // some epochs end by time as well
        }
        const Bytes packet = link.seal(static_cast<std::uint16_t>(i % 5), plain);
        const PacketHeader header = headerOf(packet);
        const auto nonce = header.nonce();
        REQUIRE(std::equal(packet.begin(), packet.begin() + kHeaderBytes, nonce.begin()));
        nonces.insert(Bytes(nonce.begin(), nonce.end()));
        bodies.insert(Bytes(packet.begin() + kHeaderBytes, packet.end()));
        epochs.insert(header.epoch);
        REQUIRE(link.open(packet) == OpenStatus::Opened);
    }
    CHECK(nonces.size() == static_cast<std::size_t>(total));
    CHECK(bodies.size() == static_cast<std::size_t>(total));
    CHECK(epochs.size() >= 12);
}
