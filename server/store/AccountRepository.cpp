#include "store/AccountRepository.h"

#include "store/Database.h"
#include "store/Statement.h"

namespace ward::server {

using crypto::credential::parseRole;
using crypto::credential::roleName;

Status AccountRepository::create(const Account& account)
{
    auto existing = find(account.userId);
    if (!existing) {
        return existing.error();
    }
    if (existing.value()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The user id %1 is already taken; choose another.").arg(account.userId));
    }
    auto insert = m_db.prepare(
        "INSERT INTO accounts (user_id, display_name, role, created_at, room_id) VALUES (?, ?, ?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    insert->bind(1, account.userId)
        .bind(2, account.displayName)
        .bind(3, roleName(account.role))
        .bind(4, account.createdMs);
    if (account.roomId.isEmpty()) {
        insert->bindNull(5);
    } else {
        insert->bind(5, account.roomId);
    }
    return insert->run();
}

Result<std::optional<Account>> AccountRepository::find(const QString& userId)
{
    auto query
        = m_db.prepare("SELECT display_name, role, created_at, totp_secret IS NOT NULL, totp_last_step, "
                       "failed_signins, next_signin_at, locked_at, room_id FROM accounts WHERE user_id = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, userId);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return std::optional<Account> {};
    }
    Account account;
    account.userId = userId;
    account.displayName = query->text(0);
    account.role = parseRole(query->text(1)).value_or(crypto::credential::Role::Patient);
    account.createdMs = query->int64(2);
    account.hasTotp = query->int64(3) != 0;
    if (auto step = query->optionalInt64(4)) {
        account.totpLastStep = static_cast<std::uint64_t>(*step);
    }
    account.failedSignIns = static_cast<int>(query->int64(5));
    account.nextSignInMs = query->int64(6);
    account.lockedMs = query->optionalInt64(7);
    account.roomId = query->isNull(8) ? QString() : query->text(8);
    return std::optional<Account>(std::move(account));
}

Status AccountRepository::setTotpSecret(const QString& userId, const crypto::SecretBytes& secret)
{
    auto update
        = m_db.prepare("UPDATE accounts SET totp_secret = ?, totp_last_step = NULL WHERE user_id = ?");
    if (!update) {
        return update.error();
    }
    // The server must read the secret back to check codes; the SQLCipher store keeps it encrypted at rest.
    QByteArray bound(secret.chars(), static_cast<qsizetype>(secret.size()));
    update->bind(1, bound).bind(2, userId);
    auto status = update->run();
    bound.fill('\0');
    return status;
}

Result<crypto::SecretBytes> AccountRepository::totpSecret(const QString& userId)
{
    auto query
        = m_db.prepare("SELECT totp_secret FROM accounts WHERE user_id = ? AND totp_secret IS NOT NULL");
    if (!query) {
        return query.error();
    }
    query->bind(1, userId);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return crypto::SecretBytes {};
    }
    QByteArray blob = query->blob(0);
    crypto::SecretBytes secret(
        reinterpret_cast<const std::uint8_t*>(blob.constData()), static_cast<std::size_t>(blob.size()));
    blob.fill('\0');
    return secret;
}

Status AccountRepository::setTotpLastStep(const QString& userId, std::uint64_t step)
{
    auto update = m_db.prepare("UPDATE accounts SET totp_last_step = ? WHERE user_id = ?");
    if (!update) {
        return update.error();
    }
    update->bind(1, static_cast<std::int64_t>(step)).bind(2, userId);
    return update->run();
}

Status AccountRepository::recordFailure(
    const QString& userId, int failedSignIns, std::int64_t nextSignInMs, std::optional<std::int64_t> lockedMs)
{
    auto update = m_db.prepare("UPDATE accounts SET failed_signins = ?, next_signin_at = ?, "
                               "locked_at = COALESCE(locked_at, ?) WHERE user_id = ?");
    if (!update) {
        return update.error();
    }
    update->bind(1, static_cast<std::int64_t>(failedSignIns))
        .bind(2, nextSignInMs)
        .bind(3, lockedMs)
        .bind(4, userId);
    return update->run();
}

Status AccountRepository::clearFailures(const QString& userId)
{
    auto update = m_db.prepare(
        "UPDATE accounts SET failed_signins = 0, next_signin_at = 0, locked_at = NULL WHERE user_id = ?");
    if (!update) {
        return update.error();
    }
    update->bind(1, userId);
    return update->run();
}

} // namespace ward::server
