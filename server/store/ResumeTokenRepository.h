// Resumption tokens: 32 random bytes handed to a device at sign-in that let its next connection skip the
// TOTP prompt for kLifetimeMs. Only SHA-256 of a token is stored, bound to the device's signing key; a
// token is deleted when it is used, so it works once. Server thread only.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <cstdint>

namespace ward::store {
class Database;
}

namespace ward::server {

inline constexpr std::size_t kResumeTokenBytes = 32;

struct IssuedResumeToken {
    crypto::SecretBytes token;
    std::int64_t expiresMs = 0;
};

enum class ResumeTokenCheck { Accepted, Unknown, Expired, OtherDevice };

class ResumeTokenRepository {
public:
    static constexpr std::int64_t kLifetimeMs = 12 * 3600'000;

    explicit ResumeTokenRepository(store::Database& db)
        : m_db(db)
    { }

    // A fresh token for the device; expired tokens of every device are dropped on the way.
    Result<IssuedResumeToken> issue(const QByteArray& signingKey, std::int64_t nowMs);
    // Accepted when the token is known, unexpired and the device's; it is deleted whatever the answer,
    // except when it belongs to another device (so a stranger cannot burn someone's token).
    Result<ResumeTokenCheck> consume(
        const QByteArray& token, const QByteArray& signingKey, std::int64_t nowMs);
    // Every token of a device, after it is revoked.
    Status dropDevice(const QByteArray& signingKey);

private:
    Status remove(const QByteArray& tokenHash);
    store::Database& m_db;
};

} // namespace ward::server
