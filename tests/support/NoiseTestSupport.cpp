#include "NoiseTestSupport.h"

#include "crypto/Sodium.h"
#include "crypto/noise/NoiseProtocolName.h"

#include <catch2/catch.hpp>

#include <sodium.h>

#include <utility>

namespace ward::test {

using namespace ward::crypto;
using namespace ward::crypto::noise;

QString noiseName(NoisePatternId pattern, HashAlgorithm hash)
{
    return QStringLiteral("Noise_%1_25519_ChaChaPoly_%2")
        .arg(QLatin1String(noisePattern(pattern).name),
            hash == HashAlgorithm::Blake2b ? QStringLiteral("BLAKE2b") : QStringLiteral("SHA256"));
}

NoisePair makeNoisePair(const QString& name, const QByteArray& prologue)
{
    auto parsed = noise::NoiseProtocolName::parse(name);
    REQUIRE(parsed.ok());
    const NoisePattern& pattern = noisePattern(parsed->pattern());

    NoiseHandshakeConfig initiator { name, NoiseRole::Initiator, prologue, {}, {}, {} };
    NoiseHandshakeConfig responder { name, NoiseRole::Responder, prologue, {}, {}, {} };
    QByteArray initiatorStatic;
    QByteArray responderStatic;
    if (pattern.initiatorHasStatic()) {
        initiator.localStatic = NoiseKeyPair::generate();
        initiatorStatic = initiator.localStatic.publicKey();
        if (pattern.initiatorStaticPreMessage) {
            responder.remoteStatic = initiatorStatic;
        }
    }
    if (pattern.responderHasStatic()) {
        responder.localStatic = NoiseKeyPair::generate();
        responderStatic = responder.localStatic.publicKey();
        if (pattern.responderStaticPreMessage) {
            initiator.remoteStatic = responderStatic;
        }
    }
    auto i = NoiseHandshakeState::create(std::move(initiator));
    auto r = NoiseHandshakeState::create(std::move(responder));
    INFO((i ? (r ? QString() : r.error().message) : i.error().message).toStdString());
    REQUIRE(i.ok());
    REQUIRE(r.ok());
    return NoisePair { std::move(i).value(), std::move(r).value(), initiatorStatic, responderStatic };
}

NoiseHandshakeState& noiseWriter(NoisePair& pair, std::size_t index)
{
    return index % 2 == 0 ? pair.initiator : pair.responder;
}

NoiseHandshakeState& noiseReader(NoisePair& pair, std::size_t index)
{
    return index % 2 == 0 ? pair.responder : pair.initiator;
}

QByteArray bytesOf(const SecretBytes& secret)
{
    return QByteArray(secret.chars(), static_cast<qsizetype>(secret.size()));
}

} // namespace ward::test
