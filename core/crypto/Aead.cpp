#include "crypto/Aead.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <cassert>

namespace ward::crypto {

static_assert(kAeadKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kAeadNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);

namespace {
const unsigned char* bytes(const QByteArray& a)
{
    return reinterpret_cast<const unsigned char*>(a.constData());
}

// Encrypts into `sealed.ciphertext` under `sealed.nonce`; key and nonce sizes are the caller's to check.
void sealInto(
    Sealed& sealed, const SecretBytes& key, const SecretBytes& plaintext, const QByteArray& associatedData)
{
    sealed.ciphertext.resize(
        static_cast<qsizetype>(plaintext.size()) + static_cast<qsizetype>(kAeadTagBytes));
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(sealed.ciphertext.data()),
        &written, plaintext.data(), plaintext.size(), bytes(associatedData),
        static_cast<unsigned long long>(associatedData.size()), nullptr, bytes(sealed.nonce), key.data());
    assert(written == plaintext.size() + kAeadTagBytes);
}
} // namespace

Sealed aeadSeal(const SecretBytes& key, const SecretBytes& plaintext, const QByteArray& associatedData)
{
    ensureSodium();
    assert(key.size() == kAeadKeyBytes);
    Sealed out;
    out.nonce.resize(kAeadNonceBytes);
    randombytes_buf(out.nonce.data(), kAeadNonceBytes);
    sealInto(out, key, plaintext, associatedData);
    return out;
}

Result<Sealed> aeadSealWithNonce(const SecretBytes& key, const QByteArray& nonce,
    const SecretBytes& plaintext, const QByteArray& associatedData)
{
    ensureSodium();
    if (key.size() != kAeadKeyBytes || static_cast<std::size_t>(nonce.size()) != kAeadNonceBytes) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("The key or nonce has the wrong size."));
    }
    Sealed out;
    out.nonce = nonce;
    sealInto(out, key, plaintext, associatedData);
    return out;
}

Result<SecretBytes> aeadOpen(const SecretBytes& key, const Sealed& sealed, const QByteArray& associatedData)
{
    ensureSodium();
    const auto size = static_cast<std::size_t>(sealed.ciphertext.size());
    if (key.size() != kAeadKeyBytes || static_cast<std::size_t>(sealed.nonce.size()) != kAeadNonceBytes
        || size < kAeadTagBytes) {
        return makeError(ErrorCode::Crypto, QStringLiteral("The sealed data has the wrong size."));
    }
    SecretBytes plain(size - kAeadTagBytes);
    unsigned long long written = 0;
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &written, nullptr,
        bytes(sealed.ciphertext), size, bytes(associatedData),
        static_cast<unsigned long long>(associatedData.size()), bytes(sealed.nonce), key.data());
    if (rc != 0) {
        return makeError(
            ErrorCode::Crypto, QStringLiteral("The sealed data could not be opened with this key."));
    }
    return plain;
}

} // namespace ward::crypto
