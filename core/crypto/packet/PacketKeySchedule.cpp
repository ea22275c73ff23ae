#include "crypto/packet/PacketKeySchedule.h"

#include "crypto/Hkdf.h"

namespace ward::crypto::packet {

Result<SecretBytes> initialPacketKey(const SecretBytes& splitKey, PacketKind kind)
{
    if (splitKey.size() != kKeyBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A session key must be %1 bytes long; this one has %2.")
                .arg(kKeyBytes)
                .arg(splitKey.size()));
    }
    const QByteArray label(kind == PacketKind::Media ? kMediaLabel : kMessageLabel);
    return hkdf(HashAlgorithm::Sha256, SecretBytes(), splitKey, label, kKeyBytes);
}

Result<SecretBytes> nextEpochKey(const SecretBytes& key)
{
    if (key.size() != kKeyBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A packet key must be %1 bytes long; this one has %2.")
                .arg(kKeyBytes)
                .arg(key.size()));
    }
    return hkdfExpand(HashAlgorithm::Sha256, key, QByteArray(kRekeyLabel), kKeyBytes);
}

} // namespace ward::crypto::packet
