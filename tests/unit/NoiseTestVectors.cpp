// Ward's Noise against the cacophony test vectors (Unlicense; see tests/vectors/README.md): for the twelve
// protocols Ward speaks, every handshake message byte for byte, the handshake hash, and the transport
// messages after Split in both directions. Fixed ephemeral keys come in through the test-only seam.
#include "NoiseTestSupport.h"

#include "crypto/noise/NoiseHandshakeState.h"
#include "crypto/noise/NoiseProtocolName.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <catch2/catch.hpp>

#include <utility>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::noise;
using ward::test::bytesOf;

namespace {

QByteArray hexField(const QJsonObject& vector, const char* field)
{
    return QByteArray::fromHex(vector.value(QLatin1String(field)).toString().toLatin1());
}

SecretBytes secretField(const QJsonObject& vector, const char* field)
{
    const QByteArray bytes = hexField(vector, field);
    return SecretBytes(
        reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
}

NoiseKeyPair keyPairField(const QJsonObject& vector, const char* field)
{
    if (!vector.contains(QLatin1String(field))) {
        return {};
    }
    auto pair = NoiseKeyPair::fromPrivateKey(secretField(vector, field));
    REQUIRE(pair.ok());
    return std::move(pair).value();
}

// The initiator's or the responder's half of a vector: "init_*" or "resp_*".
NoiseHandshakeState side(const QJsonObject& vector, NoiseRole role)
{
    const bool initiator = role == NoiseRole::Initiator;
    NoiseHandshakeConfig config;
    config.protocolName = vector.value(QLatin1String("protocol_name")).toString();
    config.role = role;
    config.prologue = hexField(vector, initiator ? "init_prologue" : "resp_prologue");
    config.localStatic = keyPairField(vector, initiator ? "init_static" : "resp_static");
    config.remoteStatic = hexField(vector, initiator ? "init_remote_static" : "resp_remote_static");
    config.testOnlyEphemeralPrivateKey = secretField(vector, initiator ? "init_ephemeral" : "resp_ephemeral");
    auto state = NoiseHandshakeState::create(std::move(config));
    INFO((state ? QString() : state.error().message).toStdString());
    REQUIRE(state.ok());
    return std::move(state).value();
}

QByteArray publicKeyOf(const QJsonObject& vector, const char* field)
{
    return vector.contains(QLatin1String(field)) ? keyPairField(vector, field).publicKey() : QByteArray();
}

void runVector(const QJsonObject& vector)
{
    const QString name = vector.value(QLatin1String("protocol_name")).toString();
    auto parsed = NoiseProtocolName::parse(name);
    REQUIRE(parsed.ok());
    const NoisePattern& pattern = noisePattern(parsed->pattern());
    const QJsonArray messages = vector.value(QLatin1String("messages")).toArray();
    REQUIRE(static_cast<std::size_t>(messages.size()) > pattern.messageCount() + 1); // some transport too

    test::NoisePair pair { side(vector, NoiseRole::Initiator), side(vector, NoiseRole::Responder), {}, {} };
    for (std::size_t i = 0; i < pattern.messageCount(); ++i) {
        INFO("handshake message " << i);
        const QJsonObject message = messages[static_cast<qsizetype>(i)].toObject();
        const QByteArray payload = hexField(message, "payload");
        const QByteArray ciphertext = hexField(message, "ciphertext");
        auto written = test::noiseWriter(pair, i).writeMessage(payload);
        REQUIRE(written.ok());
        CHECK(written.value().toHex() == ciphertext.toHex());
        auto read = test::noiseReader(pair, i).readMessage(ciphertext);
        REQUIRE(read.ok());
        CHECK(bytesOf(read.value()) == payload);
    }
    REQUIRE(pair.initiator.phase() == NoiseHandshakeState::Phase::Complete);
    REQUIRE(pair.responder.phase() == NoiseHandshakeState::Phase::Complete);

    auto initiator = pair.initiator.split();
    auto responder = pair.responder.split();
    REQUIRE(initiator.ok());
    REQUIRE(responder.ok());
    const QByteArray hash = hexField(vector, "handshake_hash");
    CHECK(initiator->handshakeHash.toHex() == hash.toHex());
    CHECK(responder->handshakeHash.toHex() == hash.toHex());
    CHECK(initiator->remoteStaticKey == publicKeyOf(vector, "resp_static"));
    CHECK(responder->remoteStaticKey == publicKeyOf(vector, "init_static"));
    CHECK(initiator->keys.initiatorToResponderKey.equals(responder->keys.initiatorToResponderKey));
    CHECK(initiator->keys.responderToInitiatorKey.equals(responder->keys.responderToInitiatorKey));

    // Transport messages keep alternating, so the even ones after the handshake go initiator -> responder.
    for (auto i = static_cast<qsizetype>(pattern.messageCount()); i < messages.size(); ++i) {
        INFO("transport message " << i);
        const QJsonObject message = messages[i].toObject();
        const QByteArray payload = hexField(message, "payload");
        const QByteArray ciphertext = hexField(message, "ciphertext");
        NoiseSplit& sender = i % 2 == 0 ? initiator.value() : responder.value();
        NoiseSplit& receiver = i % 2 == 0 ? responder.value() : initiator.value();
        auto sealed = sender.sending().encryptWithAd(QByteArray(), payload);
        REQUIRE(sealed.ok());
        CHECK(sealed.value().toHex() == ciphertext.toHex());
        auto opened = receiver.receiving().decryptWithAd(QByteArray(), ciphertext);
        REQUIRE(opened.ok());
        CHECK(bytesOf(opened.value()) == payload);
    }
}

} // namespace

TEST_CASE("Noise reproduces the cacophony vectors of the twelve protocols Ward speaks", "[noise][vectors]")
{
    const QSet<QString> wanted = [] {
        QSet<QString> names;
        for (const NoisePatternId pattern : allNoisePatterns()) {
            names.insert(test::noiseName(pattern, HashAlgorithm::Blake2b));
            names.insert(test::noiseName(pattern, HashAlgorithm::Sha256));
        }
        return names;
    }();
    REQUIRE(wanted.size() == 12);

    QFile file(QStringLiteral(
        WARD_TEST_VECTORS_DIR "/noise-cacophony-filtered-25519-ChaChaPoly-BLAKE2b-SHA256.json"));
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QJsonArray vectors
        = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("vectors")).toArray();

    QSet<QString> ran;
    int count = 0;
    for (const auto& entry : vectors) {
        const QJsonObject vector = entry.toObject();
        const QString name = vector.value(QLatin1String("protocol_name")).toString();
        if (!wanted.contains(name)) {
            continue;
        }
        INFO(name.toStdString());
        runVector(vector);
        ran.insert(name);
        ++count;
    }
    INFO("vectors run: " << count);
    CHECK(count >= 12);
    CHECK(ran == wanted); // each of the twelve protocols at least once
}
