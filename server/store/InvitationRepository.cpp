#include "store/InvitationRepository.h"

#include "store/Database.h"
#include "store/Statement.h"

namespace ward::server {

using crypto::credential::parseRole;
using crypto::credential::roleName;

Status InvitationRepository::add(const Invitation& invitation)
{
    auto insert = m_db.prepare("INSERT INTO invitations (code_hash, user_id, display_name, role, created_at, "
                               "expires_at, created_by, room_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    insert->bind(1, invitation.codeHash).bind(2, invitation.userId).bind(3, invitation.displayName);
    insert->bind(4, roleName(invitation.role)).bind(5, invitation.createdMs).bind(6, invitation.expiresMs);
    insert->bind(7, invitation.createdBy);
    if (invitation.roomId.isEmpty()) {
        insert->bindNull(8);
    } else {
        insert->bind(8, invitation.roomId);
    }
    return insert->run();
}

Result<std::optional<Invitation>> InvitationRepository::find(const QByteArray& codeHash)
{
    auto query = m_db.prepare("SELECT user_id, display_name, role, created_at, expires_at, used_at, "
                              "created_by, room_id FROM invitations WHERE code_hash = ?");
    if (!query) {
        return query.error();
    }
    query->bind(1, codeHash);
    auto row = query->step();
    if (!row) {
        return row.error();
    }
    if (!row.value()) {
        return std::optional<Invitation> {};
    }
    Invitation invitation;
    invitation.codeHash = codeHash;
    invitation.userId = query->text(0);
    invitation.displayName = query->text(1);
    auto role = parseRole(query->text(2));
    if (!role) {
        return makeError(
            ErrorCode::Corrupt, QStringLiteral("An invitation in the store names no known role."));
    }
    invitation.role = *role;
    invitation.createdMs = query->int64(3);
    invitation.expiresMs = query->int64(4);
    invitation.usedMs = query->optionalInt64(5);
    invitation.createdBy = query->text(6);
    invitation.roomId = query->isNull(7) ? QString() : query->text(7);
    return std::optional<Invitation>(std::move(invitation));
}

Status InvitationRepository::markUsed(const QByteArray& codeHash, std::int64_t nowMs)
{
    auto current = find(codeHash);
    if (!current) {
        return current.error();
    }
    if (!current.value()) {
        return makeError(ErrorCode::NotFound, QStringLiteral("That invitation is not known."));
    }
    if (current.value()->usedMs) {
        return makeError(ErrorCode::Replayed, QStringLiteral("That invitation was already used."));
    }
    auto update = m_db.prepare("UPDATE invitations SET used_at = ? WHERE code_hash = ? AND used_at IS NULL");
    if (!update) {
        return update.error();
    }
    update->bind(1, nowMs).bind(2, codeHash);
    return update->run();
}

} // namespace ward::server
