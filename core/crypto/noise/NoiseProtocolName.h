// Noise protocol names ("Noise_XX_25519_ChaChaPoly_BLAKE2b"): the one place a name becomes a pattern and a
// hash. Only what Ward implements parses: the six patterns of NoisePattern.h without modifiers, DH 25519,
// cipher ChaChaPoly, hash BLAKE2b or SHA256. Anything else is an error, never a silent fallback.
#pragma once

#include "common/Result.h"
#include "crypto/Hash.h"
#include "crypto/noise/NoisePattern.h"

#include <QByteArray>
#include <QString>

namespace ward::crypto::noise {

// The specification limits protocol names to 255 bytes.
inline constexpr qsizetype kNoiseMaxProtocolNameLength = 255;

class NoiseProtocolName {
public:
    static Result<NoiseProtocolName> parse(QStringView name);

    NoisePatternId pattern() const { return m_pattern; }
    HashAlgorithm hash() const { return m_hash; }
    // The exact ASCII bytes that InitializeSymmetric hashes.
    const QByteArray& bytes() const { return m_bytes; }

private:
    NoiseProtocolName(NoisePatternId pattern, HashAlgorithm hash, QByteArray bytes);

    NoisePatternId m_pattern;
    HashAlgorithm m_hash;
    QByteArray m_bytes;
};

} // namespace ward::crypto::noise
