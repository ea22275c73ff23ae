#include "store/ResumeTokenRepository.h"

#include "crypto/Hash.h"
#include "store/Database.h"
#include "store/Statement.h"

#include <sodium.h>

namespace ward::server {

namespace {

QByteArray tokenHash(const std::uint8_t* token, std::size_t size)
{
    const crypto::SecretBytes digest = crypto::hash(crypto::HashAlgorithm::Sha256, token, size);
    return QByteArray(digest.chars(), static_cast<qsizetype>(digest.size()));
}

} // namespace

Result<IssuedResumeToken> ResumeTokenRepository::issue(const QByteArray& signingKey, std::int64_t nowMs)
{
    auto prune = m_db.prepare("DELETE FROM resume_tokens WHERE expires_at < ?");
    if (!prune) {
        return prune.error();
    }
    prune->bind(1, nowMs);
    if (auto pruned = prune->run(); !pruned) {
        return pruned.error();
    }
    IssuedResumeToken issued { crypto::SecretBytes::random(kResumeTokenBytes), nowMs + kLifetimeMs };
    auto insert
        = m_db.prepare("INSERT INTO resume_tokens (token_hash, signing_key, expires_at) VALUES (?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    insert->bind(1, tokenHash(issued.token.data(), issued.token.size()))
        .bind(2, signingKey)
        .bind(3, issued.expiresMs);
    if (auto inserted = insert->run(); !inserted) {
        return inserted.error();
    }
    return issued;
}

Result<ResumeTokenCheck> ResumeTokenRepository::consume(
    const QByteArray& token, const QByteArray& signingKey, std::int64_t nowMs)
{
    const QByteArray hash = tokenHash(
        reinterpret_cast<const std::uint8_t*>(token.constData()), static_cast<std::size_t>(token.size()));
    auto query = m_db.prepare("SELECT signing_key, expires_at FROM resume_tokens WHERE token_hash = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, hash);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return ResumeTokenCheck::Unknown;
    }
    const QByteArray owner = query->blob(0);
    const std::int64_t expiresMs = query->int64(1);
    if (owner.size() != signingKey.size()
        || sodium_memcmp(owner.constData(), signingKey.constData(), static_cast<std::size_t>(owner.size()))
            != 0) {
        return ResumeTokenCheck::OtherDevice;
    }
    if (auto removed = remove(hash); !removed) {
        return removed.error();
    }
    return nowMs > expiresMs ? ResumeTokenCheck::Expired : ResumeTokenCheck::Accepted;
}

Status ResumeTokenRepository::dropDevice(const QByteArray& signingKey)
{
    auto remove = m_db.prepare("DELETE FROM resume_tokens WHERE signing_key = ?");
    if (!remove) {
        return remove.error();
    }
    remove->bind(1, signingKey);
    return remove->run();
}

Status ResumeTokenRepository::remove(const QByteArray& tokenHash)
{
    auto statement = m_db.prepare("DELETE FROM resume_tokens WHERE token_hash = ?");
    if (!statement) {
        return statement.error();
    }
    statement->bind(1, tokenHash);
    return statement->run();
}

} // namespace ward::server
