// The QR codes the app shows (today: the TOTP set-up link), drawn with libqrencode into images that QML
// reads through an image provider by id, so the encoded secret never travels in a URL or a QML string.
// An image lives here only until its owner drops it. Thread safety: a mutex guards the images, because
// Qt Quick may ask the provider for an image from its loader thread.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QQuickImageProvider>

#include <memory>

namespace ward::ui {

// The QR symbol for `payload` (byte mode, error correction level M, a four-module quiet zone), each module
// `moduleSize` pixels square, black on white.
Result<QImage> renderQrCode(const crypto::SecretBytes& payload, int moduleSize = 6);

class QrImageStore {
public:
    static constexpr char kProviderId[] = "wardqr";

    // Renders `payload` (one pixel per module) and keeps it under a fresh id; returns "image://wardqr/<id>"
    // for QML.
    Result<QString> put(const QString& name, const crypto::SecretBytes& payload);
    void drop(const QString& source);
    QImage image(const QString& id) const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QImage> m_images;
    int m_serial = 0;
};

// Serves QrImageStore images to QML, scaled by the largest whole factor that fits the requested size so
// every module is the same number of pixels; the engine owns the provider, the provider shares the store.
class QrImageProvider : public QQuickImageProvider {
public:
    explicit QrImageProvider(std::shared_ptr<QrImageStore> store);
    QImage requestImage(const QString& id, QSize* size, const QSize& requestedSize) override;

private:
    std::shared_ptr<QrImageStore> m_store;
};

} // namespace ward::ui
