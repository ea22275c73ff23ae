// Sealed visit reasons arrive from the server as opaque bytes. The input is used twice with one fixed device
// key: as a box to open, which must fail cleanly (a non-empty sentence) unless it really was sealed to the
// key; and, when it fits, as a plaintext that is sealed, opened back to the same bytes, and refused once any
// single bit of the box is flipped.
#include "crypto/DeviceIdentity.h"
#include "crypto/SealedBox.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace {

using namespace ward::crypto;

struct Keys {
    SecretBytes secret { 32 };
    QByteArray publicKey;
    Keys()
    {
        SecretBytes signingSeed(32);
        for (std::size_t i = 0; i < secret.size(); ++i) {
            secret.data()[i] = static_cast<std::uint8_t>(0x40 + i);
            signingSeed.data()[i] = static_cast<std::uint8_t>(0x80 + i);
        }
        auto identity = DeviceIdentity::fromSeeds(std::move(signingSeed), secret.clone());
        if (!identity) {
            std::abort();
        }
        publicKey = identity->publicIdentity().staticKey;
    }
};

const Keys& keys()
{
    static const Keys k;
    return k;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray box(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto opened = openSealedBox(keys().secret, box);
    if (!opened && opened.error().message.isEmpty()) {
        std::abort();
    }
    if (size == 0 || size > kMaxSealedBoxPlaintextBytes) {
        return 0;
    }
    const SecretBytes plain(data, size);
    auto sealed = sealToStaticKey(keys().publicKey, plain);
    if (!sealed) {
        std::abort();
    }
    auto back = openSealedBox(keys().secret, sealed.value());
    if (!back || back->size() != size || std::memcmp(back->data(), data, size) != 0) {
        std::abort();
    }
    QByteArray damaged = sealed.value();
    const std::size_t bit
        = (static_cast<std::size_t>(data[0]) * 131U + size) % (static_cast<std::size_t>(damaged.size()) * 8U);
    damaged[static_cast<qsizetype>(bit / 8)]
        = static_cast<char>(damaged[static_cast<qsizetype>(bit / 8)] ^ (1 << (bit % 8)));
    if (openSealedBox(keys().secret, damaged).ok()) {
        std::abort();
    }
    return 0;
}
