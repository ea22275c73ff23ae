#include "Session.h"

#include "crypto/SecretBytes.h"
#include "crypto/Sodium.h"
#include "protocol/AuthStatement.h"

#include <sodium.h>

namespace ward::server {

QByteArray Session::issueChallenge(std::int64_t nowMs)
{
    crypto::ensureSodium();
    QByteArray nonce(protocol::kNonceBytes, Qt::Uninitialized);
    randombytes_buf(nonce.data(), static_cast<std::size_t>(nonce.size()));
    m_nonce = nonce;
    m_nonceExpiresMs = nowMs + kChallengeLifetimeMs;
    return nonce;
}

Result<void, protocol::ProtocolError> Session::consumeChallenge(const QByteArray& nonce, std::int64_t nowMs)
{
    protocol::ProtocolError error;
    error.code = ErrorCode::InvalidArgument;
    const bool matches = !m_nonce.isEmpty() && nonce.size() == m_nonce.size()
        && sodium_memcmp(nonce.constData(), m_nonce.constData(), static_cast<std::size_t>(m_nonce.size()))
            == 0;
    if (!matches) {
        error.code = ErrorCode::Replayed;
        error.wire = protocol::WireError::Used;
        error.message = QStringLiteral("That challenge was already used or never issued; ask for a new one.");
        return error;
    }
    m_nonce.clear();
    if (nowMs > m_nonceExpiresMs) {
        error.wire = protocol::WireError::Expired;
        error.message = QStringLiteral("The challenge expired; ask for a new one.");
        return error;
    }
    return {};
}

void Session::reply(const protocol::Message& request, QCborMap body)
{
    send(protocol::Message::reply(request, std::move(body)));
}

void Session::fail(
    const protocol::Message& request, protocol::WireError code, const QString& message, QCborMap extra)
{
    send(protocol::Message::error(request.id, code, message, std::move(extra)));
}

void Session::fail(const protocol::Message& request, const protocol::ProtocolError& error)
{
    fail(request, error.wire, error.message);
}

} // namespace ward::server
