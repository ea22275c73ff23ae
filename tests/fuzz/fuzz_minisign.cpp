// minisign public keys and signature files come with downloads, from anyone. Any bytes must parse or fail
// with a reason and a message, never crash; what parses must print and parse again to the same fields; and
// a key and a signature that both parse must verify to a definite answer. The input is tried whole as a
// key and as a signature, and split at its first NUL byte into a key and a signature.
#include "crypto/minisign/MinisignVerifier.h"

#include <cstdint>
#include <cstdlib>
#include <optional>

using namespace ward::crypto;

namespace {

std::optional<MinisignPublicKey> checkKey(const QByteArray& text)
{
    MinisignFailure failure = MinisignFailure::None;
    auto key = MinisignPublicKey::parse(text, &failure);
    if (!key) {
        if (failure == MinisignFailure::None || key.error().message.isEmpty()) {
            std::abort();
        }
        return std::nullopt;
    }
    for (const QByteArray& again : { key->toBase64(), key->toFileText() }) {
        auto reparsed = MinisignPublicKey::parse(again);
        if (!reparsed || reparsed->keyId() != key->keyId() || reparsed->key() != key->key()) {
            std::abort();
        }
    }
    if (key->keyId().size() != kMinisignKeyIdBytes || key->key().size() != kMinisignPublicKeyBytes) {
        std::abort();
    }
    return std::move(key).value();
}

std::optional<MinisignSignature> checkSignature(const QByteArray& text)
{
    MinisignFailure failure = MinisignFailure::None;
    auto signature = MinisignSignature::parse(text, &failure);
    if (!signature) {
        if (failure == MinisignFailure::None || signature.error().message.isEmpty()) {
            std::abort();
        }
        return std::nullopt;
    }
    const QByteArray printed = signature->serialize();
    auto reparsed = MinisignSignature::parse(printed);
    if (!reparsed || reparsed->serialize() != printed || reparsed->algorithm() != signature->algorithm()
        || reparsed->keyId() != signature->keyId() || reparsed->signature() != signature->signature()
        || reparsed->trustedComment() != signature->trustedComment()
        || reparsed->untrustedComment() != signature->untrustedComment()
        || reparsed->globalSignature() != signature->globalSignature()) {
        std::abort();
    }
    return std::move(signature).value();
}

void checkVerify(const MinisignPublicKey& key, const MinisignSignature& signature)
{
    MinisignOptions options;
    options.allowLegacy = true;
    MinisignFailure failure = MinisignFailure::None;
    auto comment = MinisignVerifier(key, options).verifyBytes(QByteArrayLiteral("test"), signature, &failure);
    if (comment) {
        if (failure != MinisignFailure::None || *comment != QString::fromUtf8(signature.trustedComment())) {
            std::abort();
        }
        return;
    }
    if (failure != MinisignFailure::KeyIdMismatch && failure != MinisignFailure::BadSignature
        && failure != MinisignFailure::BadGlobalSignature) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const auto wholeKey = checkKey(input);
    const auto wholeSignature = checkSignature(input);
    if (wholeKey && wholeSignature) {
        std::abort(); // one text cannot be both a two-line key and a four-line signature
    }
    const qsizetype split = input.indexOf('\0');
    if (split < 0) {
        return 0;
    }
    const auto key = checkKey(input.left(split));
    const auto signature = checkSignature(input.mid(split + 1));
    if (key && signature) {
        checkVerify(*key, *signature);
    }
    return 0;
}
