#include "crypto/Hkdf.h"

#include "crypto/Hmac.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace ward::crypto {

SecretBytes hkdfExtract(HashAlgorithm algorithm, const SecretBytes& salt, const SecretBytes& inputKeyMaterial)
{
    // HMAC pads its key with zeros to a block, so an empty salt already equals hashLength zero bytes.
    return hmac(algorithm, salt, inputKeyMaterial.data(), inputKeyMaterial.size());
}

Result<SecretBytes> hkdfExpand(
    HashAlgorithm algorithm, const SecretBytes& pseudoRandomKey, const QByteArray& info, std::size_t length)
{
    const std::size_t hashBytes = hashLength(algorithm);
    if (length == 0 || length > 255 * hashBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("HKDF can produce from 1 to %1 bytes with this hash; %2 were asked for.")
                .arg(255 * hashBytes)
                .arg(length));
    }
    SecretBytes output(length);
    std::array<std::uint8_t, kMaxHashBytes> previous {};
    std::size_t written = 0;
    for (std::uint8_t counter = 1; written < length; ++counter) {
        Hmac mac(algorithm, pseudoRandomKey);
        if (counter > 1) {
            mac.update(previous.data(), hashBytes);
        }
        mac.update(info);
        mac.update(&counter, 1);
        mac.finishInto(previous.data());
        const std::size_t take = std::min(hashBytes, length - written);
        std::memcpy(output.data() + written, previous.data(), take);
        written += take;
    }
    sodium_memzero(previous.data(), previous.size());
    return output;
}

Result<SecretBytes> hkdf(HashAlgorithm algorithm, const SecretBytes& salt,
    const SecretBytes& inputKeyMaterial, const QByteArray& info, std::size_t length)
{
    return hkdfExpand(algorithm, hkdfExtract(algorithm, salt, inputKeyMaterial), info, length);
}

} // namespace ward::crypto
