#include "crypto/noise/NoiseProtocolName.h"

#include <QStringList>

#include <utility>

namespace ward::crypto::noise {

namespace {

Error badName(const QString& why)
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("The Noise protocol name is not one Ward supports: %1. Use a name such as "
                       "Noise_XX_25519_ChaChaPoly_BLAKE2b.")
            .arg(why));
}

} // namespace

NoiseProtocolName::NoiseProtocolName(NoisePatternId pattern, HashAlgorithm hash, QByteArray bytes)
    : m_pattern(pattern)
    , m_hash(hash)
    , m_bytes(std::move(bytes))
{ }

Result<NoiseProtocolName> NoiseProtocolName::parse(QStringView name)
{
    if (name.size() > kNoiseMaxProtocolNameLength) {
        return badName(QStringLiteral("it is longer than 255 characters"));
    }
    const QList<QStringView> parts = name.split(u'_');
    if (parts.size() != 5 || parts[0] != QLatin1String("Noise")) {
        return badName(QStringLiteral("it must have the form Noise_PATTERN_DH_CIPHER_HASH"));
    }
    const auto pattern = noisePatternByName(parts[1]);
    if (!pattern) {
        return badName(
            QStringLiteral("the pattern must be one of NN, NK, KK, XK, IK or XX, without modifiers"));
    }
    if (parts[2] != QLatin1String("25519")) {
        return badName(QStringLiteral("the key exchange must be 25519"));
    }
    if (parts[3] != QLatin1String("ChaChaPoly")) {
        return badName(QStringLiteral("the cipher must be ChaChaPoly"));
    }
    HashAlgorithm hash;
    if (parts[4] == QLatin1String("BLAKE2b")) {
        hash = HashAlgorithm::Blake2b;
    } else if (parts[4] == QLatin1String("SHA256")) {
        hash = HashAlgorithm::Sha256;
    } else {
        return badName(QStringLiteral("the hash must be BLAKE2b or SHA256"));
    }
    // Every accepted part is ASCII, so the Latin-1 bytes are the name's bytes.
    return NoiseProtocolName(*pattern, hash, name.toLatin1());
}

} // namespace ward::crypto::noise
