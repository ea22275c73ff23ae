#include "protocol/TurnCredentials.h"

#include "crypto/Hmac.h"

#include <array>

namespace ward::protocol {

TurnCredentials mintTurnCredentials(
    const crypto::SecretBytes& sharedSecret, const QString& userId, std::int64_t expiryUnixSeconds)
{
    TurnCredentials credentials;
    credentials.username = QStringLiteral("%1:%2").arg(expiryUnixSeconds).arg(userId);
    credentials.expiresMs = expiryUnixSeconds * 1000;
    crypto::Hmac hmac(crypto::HashAlgorithm::Sha1, sharedSecret);
    hmac.update(credentials.username.toUtf8());
    std::array<std::uint8_t, 20> mac {};
    hmac.finishInto(mac.data());
    credentials.password = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(mac.data()), static_cast<qsizetype>(mac.size())).toBase64());
    return credentials;
}

} // namespace ward::protocol
