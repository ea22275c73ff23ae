#include "QrImageStore.h"

#include <qrencode.h>

#include <QMutexLocker>

#include <algorithm>
#include <memory>

namespace ward::ui {

namespace {

constexpr int kQuietZoneModules = 4;

struct QrCodeDeleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

QString sourcePrefix()
{
    return QStringLiteral("image://%1/").arg(QLatin1String(QrImageStore::kProviderId));
}

} // namespace

Result<QImage> renderQrCode(const crypto::SecretBytes& payload, int moduleSize)
{
    if (payload.empty() || payload.size() > 2048 || moduleSize < 1 || moduleSize > 32) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "This set-up link cannot be shown as a QR code. Type the key in by hand instead."));
    }
    std::unique_ptr<QRcode, QrCodeDeleter> code(
        QRcode_encodeData(static_cast<int>(payload.size()), payload.data(), 0, QR_ECLEVEL_M));
    if (!code) {
        return makeError(ErrorCode::Internal,
            QStringLiteral("The QR code could not be drawn. Type the key in by hand instead."));
    }
    const int modules = code->width + 2 * kQuietZoneModules;
    QImage image(modules * moduleSize, modules * moduleSize, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            // libqrencode: bit 0 of each byte is the module's colour (1 = dark).
            if ((code->data[y * code->width + x] & 1U) == 0) {
                continue;
            }
            const int left = (x + kQuietZoneModules) * moduleSize;
            const int top = (y + kQuietZoneModules) * moduleSize;
            for (int row = top; row < top + moduleSize; ++row) {
                std::fill_n(image.scanLine(row) + left, moduleSize, std::uint8_t { 0 });
            }
        }
    }
    // libqrencode kept its working copies of the payload in ordinary heap memory; wipe the module map
    // before handing it back.
    std::fill_n(code->data, code->width * code->width, std::uint8_t { 0 });
    return image;
}

Result<QString> QrImageStore::put(const QString& name, const crypto::SecretBytes& payload)
{
    // One pixel per module: the provider scales by a whole factor to the size QML asks for.
    auto image = renderQrCode(payload, 1);
    if (!image) {
        return image.error();
    }
    const QMutexLocker lock(&m_mutex);
    const QString id = QStringLiteral("%1-%2").arg(name, QString::number(++m_serial));
    m_images.insert(id, std::move(image).value());
    return sourcePrefix() + id;
}

void QrImageStore::drop(const QString& source)
{
    const QMutexLocker lock(&m_mutex);
    auto found
        = m_images.find(source.startsWith(sourcePrefix()) ? source.mid(sourcePrefix().size()) : source);
    if (found != m_images.end()) {
        m_images.erase(found);
    }
}

QImage QrImageStore::image(const QString& id) const
{
    const QMutexLocker lock(&m_mutex);
    return m_images.value(id);
}

QrImageProvider::QrImageProvider(std::shared_ptr<QrImageStore> store)
    : QQuickImageProvider(QQuickImageProvider::Image)
    , m_store(std::move(store))
{ }

QImage QrImageProvider::requestImage(const QString& id, QSize* size, const QSize& requestedSize)
{
    QImage image = m_store->image(id);
    if (image.isNull()) {
        image = QImage(1, 1, QImage::Format_Grayscale8);
        image.fill(Qt::white);
    }
    if (requestedSize.isValid() && !requestedSize.isEmpty()) {
        // Every module the same whole number of pixels, or a camera may misread the uneven rows.
        const int side = std::min(requestedSize.width(), requestedSize.height());
        const int factor = side / std::max(image.width(), 1);
        image = factor >= 1
            ? image.scaled(image.size() * factor, Qt::IgnoreAspectRatio, Qt::FastTransformation)
            : image.scaled(requestedSize, Qt::KeepAspectRatio, Qt::FastTransformation);
    }
    if (size != nullptr) {
        *size = image.size();
    }
    return image;
}

} // namespace ward::ui
