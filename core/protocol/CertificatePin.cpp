#include "protocol/CertificatePin.h"

#include "crypto/Hash.h"
#include "protocol/AuthStatement.h"

namespace ward::protocol {

QByteArray certificatePin(const QByteArray& certificateDer)
{
    return crypto::publicHash(crypto::HashAlgorithm::Sha256, certificateDer);
}

QString certificatePinHex(const QByteArray& pin)
{
    return QString::fromLatin1(pin.toHex());
}

std::optional<QByteArray> parseCertificatePinHex(QStringView hex)
{
    if (hex.size() != kCertificatePinBytes * 2) {
        return std::nullopt;
    }
    for (const QChar c : hex) {
        const bool digit = (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
        if (!digit) {
            return std::nullopt;
        }
    }
    return QByteArray::fromHex(hex.toLatin1());
}

} // namespace ward::protocol
