// Helpers for the Noise tests: protocol names, a matching initiator/responder pair with fresh random keys,
// and byte views of SecretBytes for comparisons in tests (never done outside tests).
#pragma once

#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"
#include "crypto/noise/NoiseHandshakeState.h"

#include <QByteArray>
#include <QString>

#include <cstddef>

namespace ward::test {

struct NoisePair {
    crypto::noise::NoiseHandshakeState initiator;
    crypto::noise::NoiseHandshakeState responder;
    QByteArray initiatorStatic; // public keys, empty when the pattern gives that side none
    QByteArray responderStatic;
};

QString noiseName(crypto::noise::NoisePatternId pattern, crypto::HashAlgorithm hash);

// Both sides of `name` with fresh random static keys where the pattern needs them and the remote keys it
// needs in advance. Fails the test when either side cannot be created.
NoisePair makeNoisePair(const QString& name, const QByteArray& prologue = QByteArray());

// The state whose turn it is to write message `index` (the initiator writes the even ones).
crypto::noise::NoiseHandshakeState& noiseWriter(NoisePair& pair, std::size_t index);
crypto::noise::NoiseHandshakeState& noiseReader(NoisePair& pair, std::size_t index);

QByteArray bytesOf(const crypto::SecretBytes& secret);

} // namespace ward::test
