#include "crypto/packet/PacketKeySchedule.h"

#include "crypto/Hkdf.h"

#include <sodium.h>

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

void advanceEpochKey(std::uint8_t* key)
{
    static_assert(kKeyBytes == crypto_auth_hmacsha256_BYTES);
    static constexpr std::uint8_t kCounter = 1; // HKDF-Expand's block counter for T(1)
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key, kKeyBytes);
    crypto_auth_hmacsha256_update(
        &state, reinterpret_cast<const unsigned char*>(kRekeyLabel), sizeof kRekeyLabel - 1);
    crypto_auth_hmacsha256_update(&state, &kCounter, 1);
    // The state holds all it needs of the old key, so the new one may overwrite it.
    crypto_auth_hmacsha256_final(&state, key);
    sodium_memzero(&state, sizeof state);
}

} // namespace ward::crypto::packet
