// HKDF (RFC 5869) over any of Ward's hash functions: the packet-key schedule and the later ratchet use
// HKDF-SHA256; Noise's HKDF(ck, ikm, n) is this with salt = ck, empty info and n * hashLength bytes.
#pragma once

#include "common/Result.h"
#include "crypto/Hash.h"

namespace ward::crypto {

// PRK = HMAC(salt, IKM). An empty salt acts as hashLength zero bytes, as the RFC says.
SecretBytes hkdfExtract(
    HashAlgorithm algorithm, const SecretBytes& salt, const SecretBytes& inputKeyMaterial);

// OKM of `length` bytes; an error when length is 0 or more than 255 * hashLength.
Result<SecretBytes> hkdfExpand(
    HashAlgorithm algorithm, const SecretBytes& pseudoRandomKey, const QByteArray& info, std::size_t length);

// Extract then Expand.
Result<SecretBytes> hkdf(HashAlgorithm algorithm, const SecretBytes& salt,
    const SecretBytes& inputKeyMaterial, const QByteArray& info, std::size_t length);

} // namespace ward::crypto
