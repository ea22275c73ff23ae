// Small pieces the sign-in, enrolment and administration services share: refusing a malformed body (and
// counting it), a typed secret taken off the wire into SecretBytes, a device's fingerprint for the audit
// log, and checking a TOTP code against a secret.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "protocol/Message.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>

namespace ward::server {

struct ServerContext;
class Session;

void refuseMalformed(ServerContext& context, Session& session, const protocol::Message& request,
    const protocol::ProtocolError& error);

// The text's Latin-1 bytes in SecretBytes (the wire gives codes as CBOR text); the copy made on the way is
// wiped.
crypto::SecretBytes secretFromText(const QString& text);

QString deviceFingerprint(const QByteArray& signingKey);

// A TOTP code with Ward's parameters (SHA-1, 6 digits, 30 s): the accepted step, or WrongCode (also for
// text that is not six digits) or Replayed.
Result<std::uint64_t> verifyTotpCode(const crypto::SecretBytes& secret, const crypto::SecretBytes& code,
    std::int64_t nowMs, std::optional<std::uint64_t> lastAcceptedStep);

} // namespace ward::server
