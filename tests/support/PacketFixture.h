// One direction of packet protection for tests: a sealer and the opener that reads it, built from a random
// Split key, with a clock the test moves by hand, and small helpers to seal and open byte vectors.
#pragma once

#include "TestSupport.h"

#include "crypto/SecretBytes.h"
#include "crypto/packet/PacketKeySchedule.h"
#include "crypto/packet/PacketOpener.h"
#include "crypto/packet/PacketSealer.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ward::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes randomPayload(std::size_t size)
{
    const QByteArray random = randomBytes(size);
    return Bytes(random.cbegin(), random.cend());
}

struct PacketLink {
    FakeClock clock;
    std::optional<crypto::packet::PacketSealer> sealer;
    std::optional<crypto::packet::PacketOpener> opener;

    explicit PacketLink(const crypto::packet::PacketLimits& limits
        = crypto::packet::PacketLimits::forKind(crypto::packet::PacketKind::Media))
    {
        using namespace crypto::packet;
        auto key = initialPacketKey(crypto::SecretBytes::random(kKeyBytes), PacketKind::Media);
        REQUIRE(key.ok());
        auto madeSealer = PacketSealer::create(key->clone(), limits, clock.clock());
        auto madeOpener = PacketOpener::create(key->clone(), limits, clock.clock());
        REQUIRE(madeSealer.ok());
        REQUIRE(madeOpener.ok());
        sealer.emplace(std::move(madeSealer).value());
        opener.emplace(std::move(madeOpener).value());
    }

    Bytes seal(std::uint16_t stream, const Bytes& plaintext)
    {
        Bytes out(plaintext.size() + crypto::packet::kOverheadBytes);
        auto written = sealer->seal(stream, plaintext.data(), plaintext.size(), out.data(), out.size());
        REQUIRE(written.ok());
        REQUIRE(*written == out.size());
        return out;
    }
    Bytes seal(std::uint16_t stream = 0, std::size_t size = 32) { return seal(stream, randomPayload(size)); }

    crypto::packet::OpenStatus open(const Bytes& packet, Bytes* plaintext = nullptr)
    {
        Bytes out(packet.size());
        const auto result = opener->open(packet.data(), packet.size(), out.data(), out.size());
        if (plaintext != nullptr) {
            out.resize(result.size);
            *plaintext = out;
        }
        return result.status;
    }
};

} // namespace ward::test

namespace Catch {
template <> struct StringMaker<ward::crypto::packet::OpenStatus> {
    static std::string convert(ward::crypto::packet::OpenStatus status)
    {
        return ward::crypto::packet::openStatusName(status);
    }
};
} // namespace Catch
