// The wire format of protected packets is a protocol with the peer, so it is pinned down three ways: the
// header's byte layout, a packet rebuilt from the documented key schedule with bare libsodium calls, and
// known-answer packets computed by an independent implementation (tests/vectors/packet_v1_vectors.py).
#include "PacketFixture.h"

#include "crypto/Hkdf.h"
#include "crypto/packet/PacketHeader.h"
#include "crypto/packet/PacketKeySchedule.h"
#include "crypto/packet/PacketSession.h"

#include <sodium.h>

#include <catch2/catch.hpp>

#include <cstring>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::packet;
using ward::test::Bytes;

namespace {

QByteArray hex(const std::uint8_t* data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)).toHex();
}

SecretBytes countingKey(std::uint8_t first)
{
    SecretBytes key(kKeyBytes);
    for (std::size_t i = 0; i < kKeyBytes; ++i) {
        key.data()[i] = static_cast<std::uint8_t>(first + i);
    }
    return key;
}

// HMAC-SHA256 straight from libsodium, to recompute the key schedule without Ward's HKDF.
Bytes hmacSha256(const std::uint8_t* key, std::size_t keySize, const Bytes& message)
{
    Bytes out(crypto_auth_hmacsha256_BYTES);
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key, keySize);
    crypto_auth_hmacsha256_update(&state, message.data(), message.size());
    crypto_auth_hmacsha256_final(&state, out.data());
    return out;
}

Bytes withCounter(const char* label)
{
    Bytes out(label, label + std::strlen(label));
    out.push_back(1);
    return out;
}

PacketSession session(Role role, const PacketLimits& limits, const test::FakeClock& clock)
{
    auto made = PacketSession::create(countingKey(0), countingKey(32), role, limits,
        PacketLimits::forKind(PacketKind::Message), clock.clock());
    REQUIRE(made.ok());
    return std::move(made).value();
}

} // namespace

TEST_CASE("The packet header has the documented big-endian layout", "[packet]")
{
    const PacketHeader header { kVersion, 0x01020304, 0x0506, 0x0708090a0b0c0d0eULL };
    std::uint8_t bytes[kHeaderBytes];
    header.write(bytes);
    CHECK(hex(bytes, kHeaderBytes)
        == "01010203040506"
           "0708090a0b0c0d0e");

    const auto nonce = header.nonce();
    CHECK(hex(nonce.data(), nonce.size())
        == "010102030405060708090a0b0c0d0e"
           "000000000000000000");

    const auto read = PacketHeader::read(bytes, kHeaderBytes);
    REQUIRE(read.has_value());
    CHECK(read->version == kVersion);
    CHECK(read->epoch == 0x01020304);
    CHECK(read->stream == 0x0506);
    CHECK(read->sequence == 0x0708090a0b0c0d0eULL);
    CHECK_FALSE(PacketHeader::read(bytes, kHeaderBytes - 1).has_value());
    CHECK_FALSE(PacketHeader::read(nullptr, kHeaderBytes).has_value());
}

TEST_CASE("A sealed packet is the documented HKDF key and header nonce under XChaCha20-Poly1305", "[packet]")
{
    test::FakeClock clock;
    PacketLimits limits = PacketLimits::forKind(PacketKind::Media);
    limits.rekeyAfterPackets = 1;
    auto initiator = session(Role::Initiator, limits, clock);

    // Epoch 0: HKDF-SHA256 with an empty salt (32 zero bytes) over the initiator's Split key.
    const SecretBytes split = countingKey(0);
    const std::uint8_t zeroSalt[32] = {};
    const Bytes prk = hmacSha256(zeroSalt, sizeof zeroSalt, Bytes(split.data(), split.data() + split.size()));
    const Bytes epoch0 = hmacSha256(prk.data(), prk.size(), withCounter(kMediaLabel));
    // Epoch 1: HKDF-Expand with the rekey label, the epoch-0 key as the PRK.
    const Bytes epoch1 = hmacSha256(epoch0.data(), epoch0.size(), withCounter(kRekeyLabel));

    const QByteArray text("three words here");
    const SecretBytes plain(reinterpret_cast<const std::uint8_t*>(text.constData()), 16);
    for (const Bytes* key : { &epoch0, &epoch1 }) {
        auto packet = initiator.sealer(PacketKind::Media).seal(7, plain);
        REQUIRE(packet.ok());
        REQUIRE(static_cast<std::size_t>(packet->size()) == kOverheadBytes + 16);
        const auto* bytes = reinterpret_cast<const unsigned char*>(packet->constData());
        const auto header = PacketHeader::read(bytes, kHeaderBytes);
        REQUIRE(header.has_value());
        CHECK(header->epoch == (key == &epoch0 ? 0U : 1U));
        CHECK(header->stream == 7);
        CHECK(header->sequence == header->epoch); // one packet an epoch, numbered on across epochs

        Bytes opened(16);
        unsigned long long written = 0;
        const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(opened.data(), &written, nullptr,
            bytes + kHeaderBytes, 16 + kTagBytes, bytes, kHeaderBytes, header->nonce().data(), key->data());
        REQUIRE(rc == 0);
        CHECK(std::memcmp(opened.data(), text.constData(), 16) == 0);
    }
}

TEST_CASE("The in-place rekey step is HKDF-Expand with the rekey label", "[packet]")
{
    SecretBytes key = SecretBytes::random(kKeyBytes);
    for (int epoch = 0; epoch < 5; ++epoch) {
        auto expected = hkdfExpand(HashAlgorithm::Sha256, key, QByteArray(kRekeyLabel), kKeyBytes);
        REQUIRE(expected.ok());
        advanceEpochKey(key.data());
        CHECK(key.equals(*expected));
    }
}

TEST_CASE("Sealed packets match the independently computed known answers", "[packet]")
{
    // From tests/vectors/packet_v1_vectors.py: stream 3, a rekey after every packet, Split key 00..1f.
    const char* media[] = {
        "010000000000030000000000000000c30c7f01ab150e4ab73c05161ea04f9618b91249b2d82a1d339786895ec3c79c",
        "010000000100030000000000000001b4e5616220a442cb872114243a476ec1714e6116843b604b567dc2c873c3ced8",
    };
    const char* message[] = {
        "010000000000030000000000000000a5864caf24699153a17d9cb7ce01e16f2b949f6d1c66269d276921869ff5ce21",
        "010000000100030000000000000001f93115bfec5ed7c4e62d56d9865682e51003e8b415b98f7cc270ee34c774e61b",
    };
    test::FakeClock clock;
    PacketLimits mediaLimits = PacketLimits::forKind(PacketKind::Media);
    PacketLimits messageLimits = PacketLimits::forKind(PacketKind::Message);
    mediaLimits.rekeyAfterPackets = messageLimits.rekeyAfterPackets = 1;
    auto initiator = PacketSession::create(
        countingKey(0), countingKey(32), Role::Initiator, mediaLimits, messageLimits, clock.clock());
    auto responder = PacketSession::create(
        countingKey(0), countingKey(32), Role::Responder, mediaLimits, messageLimits, clock.clock());
    REQUIRE(initiator.ok());
    REQUIRE(responder.ok());

    const QByteArray text("ward packet test");
    const SecretBytes plain(reinterpret_cast<const std::uint8_t*>(text.constData()), 16);
    for (const PacketKind kind : { PacketKind::Media, PacketKind::Message }) {
        const char** expected = kind == PacketKind::Media ? media : message;
        for (int i = 0; i < 2; ++i) {
            auto packet = initiator->sealer(kind).seal(3, plain);
            REQUIRE(packet.ok());
            CHECK(packet->toHex() == QByteArray(expected[i]));
            // The responder opens it with its incoming key, which is the initiator's outgoing one.
            auto opened = responder->opener(kind).open(QByteArray::fromHex(expected[i]));
            REQUIRE(opened.ok());
            CHECK(opened->equals(plain));
        }
    }
}

TEST_CASE("Each direction and kind has its own key", "[packet]")
{
    test::FakeClock clock;
    const PacketLimits media = PacketLimits::forKind(PacketKind::Media);
    auto initiator = session(Role::Initiator, media, clock);
    auto responder = session(Role::Responder, media, clock);
    const SecretBytes plain = SecretBytes::random(40);

    // What the initiator seals opens only at the responder, and only as the same kind.
    auto toResponder = initiator.sealer(PacketKind::Media).seal(0, plain);
    REQUIRE(toResponder.ok());
    CHECK(initiator.opener(PacketKind::Media).open(*toResponder).error().code == ErrorCode::Crypto);
    CHECK(responder.opener(PacketKind::Message).open(*toResponder).error().code == ErrorCode::Crypto);
    auto opened = responder.opener(PacketKind::Media).open(*toResponder);
    REQUIRE(opened.ok());
    CHECK(opened->equals(plain));

    // And the way back uses the other Split key.
    auto toInitiator = responder.sealer(PacketKind::Message).seal(0, plain);
    REQUIRE(toInitiator.ok());
    CHECK(responder.opener(PacketKind::Message).open(*toInitiator).error().code == ErrorCode::Crypto);
    auto back = initiator.opener(PacketKind::Message).open(*toInitiator);
    REQUIRE(back.ok());
    CHECK(back->equals(plain));
    CHECK(initiator.opener(PacketKind::Message).counters()[OpenStatus::Opened] == 1);
    CHECK(responder.opener(PacketKind::Message).counters()[OpenStatus::Tampered] == 2);
}

TEST_CASE("A session refuses Split keys of the wrong size", "[packet]")
{
    test::FakeClock clock;
    auto shortKey
        = PacketSession::create(SecretBytes::random(16), countingKey(0), Role::Initiator, clock.clock());
    REQUIRE_FALSE(shortKey.ok());
    CHECK(shortKey.error().code == ErrorCode::InvalidArgument);
    CHECK(shortKey.error().message.contains(QStringLiteral("32 bytes")));
    auto empty = PacketSession::create(countingKey(0), SecretBytes(), Role::Responder, clock.clock());
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == ErrorCode::InvalidArgument);
}
