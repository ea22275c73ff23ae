// Short-lived TURN credentials in coturn's shared-secret REST scheme (use-auth-secret): the username is
// "<expiry unix seconds>:<user id>" and the password is base64(HMAC-SHA1(shared secret, username)). coturn
// recomputes the password from the same secret and refuses the username once its time has passed, so the
// server never stores them and a leaked pair dies on its own.
#pragma once

#include "crypto/SecretBytes.h"

#include <QString>
#include <QStringList>
#include <cstdint>

namespace ward::protocol {

struct TurnCredentials {
    QString username;
    QString password;
    std::int64_t expiresMs = 0;
    QStringList uris;
};

TurnCredentials mintTurnCredentials(
    const crypto::SecretBytes& sharedSecret, const QString& userId, std::int64_t expiryUnixSeconds);

} // namespace ward::protocol
