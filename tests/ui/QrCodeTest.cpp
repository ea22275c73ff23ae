// The TOTP set-up QR code: drawn at the requested module size with a white quiet zone and the three finder
// patterns where scanners look for them, and the store forgets an image once it is dropped.
#include "QrImageStore.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>

namespace {

ward::crypto::SecretBytes bytes(const char* text)
{
    return ward::crypto::SecretBytes(reinterpret_cast<const std::uint8_t*>(text), std::strlen(text));
}

bool dark(const QImage& image, int moduleX, int moduleY, int moduleSize)
{
    return qGray(image.pixel(moduleX * moduleSize + moduleSize / 2, moduleY * moduleSize + moduleSize / 2))
        < 128;
}

} // namespace

TEST_CASE("a QR code has a quiet zone and finder patterns in three corners")
{
    const auto payload = bytes("otpauth://totp/Riverside:dr.ruiz?secret=JBSWY3DPEHPK3PXP&issuer=Riverside");
    auto image = ward::ui::renderQrCode(payload, 4);
    REQUIRE(image.ok());
    const QImage& qr = image.value();
    REQUIRE(qr.width() == qr.height());
    REQUIRE(qr.width() % 4 == 0);
    const int modules = qr.width() / 4;
    const int symbol = modules - 8;
    // Versions are 21 + 4k modules wide.
    REQUIRE((symbol - 21) % 4 == 0);
    for (int i = 0; i < modules; ++i) {
        CHECK_FALSE(dark(qr, i, 0, 4));
        CHECK_FALSE(dark(qr, 0, i, 4));
        CHECK_FALSE(dark(qr, i, 3, 4));
    }
    // Each finder is a dark 7x7 ring, a light ring, and a dark 3x3 centre.
    for (const auto& [x, y] :
        { std::pair { 4, 4 }, std::pair { 4 + symbol - 7, 4 }, std::pair { 4, 4 + symbol - 7 } }) {
        CHECK(dark(qr, x, y, 4));
        CHECK(dark(qr, x + 6, y + 6, 4));
        CHECK_FALSE(dark(qr, x + 1, y + 1, 4));
        CHECK(dark(qr, x + 3, y + 3, 4));
    }
}

TEST_CASE("the QR store serves an image by id until it is dropped, and refuses an empty payload")
{
    auto store = std::make_shared<ward::ui::QrImageStore>();
    auto source = store->put(QStringLiteral("totp"), bytes("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"));
    REQUIRE(source.ok());
    REQUIRE(source.value().startsWith(QStringLiteral("image://wardqr/totp-")));
    const QString id = source.value().mid(QStringLiteral("image://wardqr/").size());
    const QImage stored = store->image(id);
    REQUIRE_FALSE(stored.isNull());
    // What QML asks for is filled with whole modules: every module the same number of pixels.
    ward::ui::QrImageProvider provider(store);
    QSize served;
    const QImage shown = provider.requestImage(id, &served, QSize(200, 200));
    CHECK(served == shown.size());
    CHECK(shown.width() <= 200);
    CHECK(shown.width() > 200 - stored.width());
    CHECK(shown.width() % stored.width() == 0);
    CHECK(shown.scaled(stored.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation) == stored);
    store->drop(source.value());
    CHECK(store->image(id).isNull());
    CHECK_FALSE(ward::ui::renderQrCode(ward::crypto::SecretBytes()).ok());
}
