// Every Noise pattern Ward speaks, end to end with random keys: payloads of random sizes (up to the largest
// that fits) arrive intact, both sides agree on h, the peer's static key and the split keys, transport works
// both ways; and a single flipped bit anywhere in any handshake message makes the handshake fail.
#include "NoiseTestSupport.h"
#include "TestSupport.h"

#include "crypto/noise/NoiseHandshakeState.h"
#include "crypto/noise/NoiseProtocolName.h"

#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <utility>
#include <vector>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::noise;
using Phase = NoiseHandshakeState::Phase;
using ward::test::bytesOf;

namespace {

// The largest payload each message of `pattern` can carry, measured by writing empty messages.
std::vector<std::size_t> largestPayloads(const QString& name)
{
    auto pair = test::makeNoisePair(name);
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < pair.initiator.pattern().messageCount(); ++i) {
        auto message = test::noiseWriter(pair, i).writeMessage(QByteArray());
        REQUIRE(message.ok());
        out.push_back(kNoiseMaxMessageLength - static_cast<std::size_t>(message->size()));
        REQUIRE(test::noiseReader(pair, i).readMessage(message.value()).ok());
    }
    return out;
}

void checkTransport(NoiseSplit& from, NoiseSplit& to, const QByteArray& payload)
{
    auto sealed = from.sending().encryptWithAd(QByteArray("header"), payload);
    REQUIRE(sealed.ok());
    CHECK(sealed->size() == payload.size() + 16);
    auto opened = to.receiving().decryptWithAd(QByteArray("header"), sealed.value());
    REQUIRE(opened.ok());
    CHECK(bytesOf(opened.value()) == payload);
}

void roundTrip(const QString& name, const std::vector<std::size_t>& payloadSizes)
{
    const QByteArray prologue = test::randomBytes(payloadSizes.size() * 3);
    auto pair = test::makeNoisePair(name, prologue);
    for (std::size_t i = 0; i < payloadSizes.size(); ++i) {
        INFO("message " << i << ", payload " << payloadSizes[i] << " bytes");
        const QByteArray payload = test::randomBytes(payloadSizes[i]);
        auto message = test::noiseWriter(pair, i).writeMessage(payload);
        REQUIRE(message.ok());
        CHECK(static_cast<std::size_t>(message->size()) <= kNoiseMaxMessageLength);
        auto read = test::noiseReader(pair, i).readMessage(message.value());
        REQUIRE(read.ok());
        CHECK(bytesOf(read.value()) == payload);
    }
    REQUIRE(pair.initiator.phase() == Phase::Complete);
    REQUIRE(pair.responder.phase() == Phase::Complete);
    auto initiator = pair.initiator.split();
    auto responder = pair.responder.split();
    REQUIRE(initiator.ok());
    REQUIRE(responder.ok());

    CHECK(initiator->handshakeHash == responder->handshakeHash);
    CHECK(static_cast<std::size_t>(initiator->handshakeHash.size())
        == hashLength(NoiseProtocolName::parse(name)->hash()));
    CHECK(initiator->remoteStaticKey == pair.responderStatic);
    CHECK(responder->remoteStaticKey == pair.initiatorStatic);
    CHECK(initiator->keys.initiatorToResponderKey.size() == kNoiseKeyLength);
    CHECK(initiator->keys.initiatorToResponderKey.equals(responder->keys.initiatorToResponderKey));
    CHECK(initiator->keys.responderToInitiatorKey.equals(responder->keys.responderToInitiatorKey));
    CHECK_FALSE(initiator->keys.initiatorToResponderKey.equals(initiator->keys.responderToInitiatorKey));

    checkTransport(initiator.value(), responder.value(), test::randomBytes(100));
    checkTransport(responder.value(), initiator.value(), test::randomBytes(0));
    checkTransport(responder.value(), initiator.value(), test::randomBytes(kNoiseMaxMessageLength - 16));
    checkTransport(initiator.value(), responder.value(), test::randomBytes(1));
}

} // namespace

TEST_CASE("Every Noise pattern completes with random keys and random payload sizes", "[noise]")
{
    std::mt19937 random(Catch::rngSeed());
    for (const NoisePatternId id : allNoisePatterns()) {
        for (const HashAlgorithm hash : { HashAlgorithm::Blake2b, HashAlgorithm::Sha256 }) {
            const QString name = test::noiseName(id, hash);
            INFO(name.toStdString());
            const std::vector<std::size_t> largest = largestPayloads(name);
            roundTrip(name, largest);
            roundTrip(name, std::vector<std::size_t>(largest.size(), 0));
            for (int run = 0; run < 5; ++run) {
                std::vector<std::size_t> sizes;
                for (const std::size_t limit : largest) {
                    // Mostly small payloads, once anything up to the limit.
                    const std::size_t cap = run == 4 ? limit : 300;
                    sizes.push_back(std::uniform_int_distribution<std::size_t>(0, cap)(random));
                }
                roundTrip(name, sizes);
            }
        }
    }
}

TEST_CASE("Different prologues make a Noise handshake fail", "[noise]")
{
    const QString name = QStringLiteral("Noise_XX_25519_ChaChaPoly_SHA256");
    auto initiator = test::makeNoisePair(name, QByteArray("ward v1"));
    auto responder = test::makeNoisePair(name, QByteArray("ward v2"));
    auto first = initiator.initiator.writeMessage(QByteArray());
    REQUIRE(first.ok());
    REQUIRE(responder.responder.readMessage(first.value()).ok()); // nothing is authenticated yet
    auto second = responder.responder.writeMessage(QByteArray());
    REQUIRE(second.ok());
    auto read = initiator.initiator.readMessage(second.value());
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::Crypto);
}

TEST_CASE("A flipped bit anywhere in any Noise handshake message makes the handshake fail", "[noise]")
{
    // Every byte of every message of every pattern, one handshake each; the flipped bit's position within
    // the byte rotates with the byte's offset, so every bit position is covered in every part of a message.
    const QByteArray payload("four");
    for (const NoisePatternId id : allNoisePatterns()) {
        const QString name = test::noiseName(id, HashAlgorithm::Blake2b);
        const std::size_t messages = noisePattern(id).messageCount();
        for (std::size_t target = 0; target < messages; ++target) {
            for (qsizetype at = 0;; ++at) {
                auto pair = test::makeNoisePair(name);
                bool flipped = false;
                std::optional<std::size_t> failedAt;
                for (std::size_t i = 0; i < messages && !failedAt; ++i) {
                    auto message = test::noiseWriter(pair, i).writeMessage(payload);
                    if (!message) {
                        failedAt = i; // only once damage has reached the writer through an earlier message
                        CHECK_FALSE(message.error().message.isEmpty());
                        break;
                    }
                    QByteArray bytes = std::move(message).value();
                    if (i == target && at < bytes.size()) {
                        bytes[at] = static_cast<char>(bytes[at] ^ (1 << (at % 8)));
                        flipped = true;
                    }
                    auto read = test::noiseReader(pair, i).readMessage(bytes);
                    if (!read) {
                        failedAt = i;
                        CHECK_FALSE(read.error().message.isEmpty());
                        CHECK(test::noiseReader(pair, i).phase() == Phase::Failed);
                    }
                }
                if (!flipped) {
                    break; // every byte of this message has been tried
                }
                INFO(name.toStdString() << ": message " << target << ", byte " << at);
                REQUIRE(failedAt.has_value());
                CHECK(*failedAt >= target);
            }
        }
    }
}
