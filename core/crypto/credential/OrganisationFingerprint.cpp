#include "crypto/credential/OrganisationFingerprint.h"

#include "crypto/Sodium.h"
#include "crypto/credential/SignatureDomain.h"

#include <sodium.h>

#include <QStringList>

namespace ward::crypto::credential {

namespace {
constexpr std::size_t kFingerprintBytes = 32;
const QByteArray kDomain("ward/v1/org-fingerprint", 24);
} // namespace

QString organisationFingerprint(const QByteArray& organisationKey)
{
    if (static_cast<std::size_t>(organisationKey.size()) != kPublicKeyBytes) {
        return {};
    }
    ensureSodium();
    const QByteArray input = kDomain + organisationKey;
    QByteArray digest(kFingerprintBytes, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), kFingerprintBytes,
        reinterpret_cast<const unsigned char*>(input.constData()),
        static_cast<unsigned long long>(input.size()), nullptr, 0);
    const QString hex = QString::fromLatin1(digest.toHex());
    QStringList groups;
    for (qsizetype i = 0; i < hex.size(); i += 4) {
        groups.append(hex.mid(i, 4));
    }
    return groups.join(QLatin1Char(' '));
}

} // namespace ward::crypto::credential
