// Sealing a visit reason to a clinician device's X25519 static key: only that device's static secret opens
// it, any change to the box is refused, and sizes outside the caps are refused before any work.
#include "TestSupport.h"

#include "crypto/DeviceIdentity.h"
#include "crypto/SealedBox.h"

#include <catch2/catch.hpp>

#include <cstring>

using namespace ward;
using crypto::DeviceIdentity;

namespace {

QByteArray raw(const crypto::SecretBytes& secret)
{
    return QByteArray(secret.chars(), static_cast<qsizetype>(secret.size()));
}

} // namespace

TEST_CASE("A sealed reason opens with the recipient device's static secret", "[sealedbox]")
{
    const DeviceIdentity clinician = DeviceIdentity::generate();
    const auto reason = test::secret("Rash on both forearms since Tuesday");
    auto sealed = crypto::sealToStaticKey(clinician.publicIdentity().staticKey, reason);
    REQUIRE(sealed.ok());
    CHECK(static_cast<std::size_t>(sealed->size()) == reason.size() + crypto::kSealedBoxOverheadBytes);
    CHECK_FALSE(sealed->contains("Rash"));

    auto opened = crypto::openSealedBox(clinician.staticSecret(), sealed.value());
    REQUIRE(opened.ok());
    CHECK(raw(opened.value()) == QByteArray("Rash on both forearms since Tuesday"));
}

TEST_CASE("Sealing twice gives different boxes (a fresh ephemeral key each time)", "[sealedbox]")
{
    const DeviceIdentity clinician = DeviceIdentity::generate();
    const auto reason = test::secret("follow-up");
    auto a = crypto::sealToStaticKey(clinician.publicIdentity().staticKey, reason);
    auto b = crypto::sealToStaticKey(clinician.publicIdentity().staticKey, reason);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a.value() != b.value());
}

TEST_CASE("Another device cannot open a box, and an altered box is refused", "[sealedbox]")
{
    const DeviceIdentity clinician = DeviceIdentity::generate();
    const DeviceIdentity other = DeviceIdentity::generate();
    auto sealed = crypto::sealToStaticKey(clinician.publicIdentity().staticKey, test::secret("chest pain"));
    REQUIRE(sealed.ok());

    auto wrongKey = crypto::openSealedBox(other.staticSecret(), sealed.value());
    REQUIRE_FALSE(wrongKey.ok());
    CHECK(wrongKey.error().code == ErrorCode::Crypto);

    for (qsizetype i = 0; i < sealed->size(); i += 7) {
        QByteArray damaged = sealed.value();
        damaged[i] = static_cast<char>(damaged[i] ^ 0x20);
        auto opened = crypto::openSealedBox(clinician.staticSecret(), damaged);
        CHECK_FALSE(opened.ok());
    }
    QByteArray truncated = sealed.value();
    truncated.chop(1);
    CHECK_FALSE(crypto::openSealedBox(clinician.staticSecret(), truncated).ok());
}

TEST_CASE("Sealed box sizes are capped both ways", "[sealedbox]")
{
    const DeviceIdentity clinician = DeviceIdentity::generate();
    const QByteArray key = clinician.publicIdentity().staticKey;

    crypto::SecretBytes longest(crypto::kMaxSealedBoxPlaintextBytes);
    std::memset(longest.data(), 'a', longest.size());
    auto sealed = crypto::sealToStaticKey(key, longest);
    REQUIRE(sealed.ok());
    CHECK(static_cast<std::size_t>(sealed->size()) == crypto::kMaxSealedBoxBytes);
    CHECK(crypto::openSealedBox(clinician.staticSecret(), sealed.value()).ok());

    crypto::SecretBytes tooLong(crypto::kMaxSealedBoxPlaintextBytes + 1);
    std::memset(tooLong.data(), 'a', tooLong.size());
    CHECK(crypto::sealToStaticKey(key, tooLong).error().code == ErrorCode::InvalidArgument);
    CHECK(crypto::sealToStaticKey(key, crypto::SecretBytes()).error().code == ErrorCode::InvalidArgument);
    CHECK(
        crypto::sealToStaticKey(key.left(31), test::secret("x")).error().code == ErrorCode::InvalidArgument);

    const QByteArray oversized(static_cast<qsizetype>(crypto::kMaxSealedBoxBytes + 1), 'x');
    CHECK(crypto::openSealedBox(clinician.staticSecret(), oversized).error().code
        == ErrorCode::InvalidArgument);
    const QByteArray overheadOnly(static_cast<qsizetype>(crypto::kSealedBoxOverheadBytes), 'x');
    CHECK(crypto::openSealedBox(clinician.staticSecret(), overheadOnly).error().code
        == ErrorCode::InvalidArgument);
}
