#include "Invitations.h"

#include "ServerAuditEvent.h"
#include "ServerIdentity.h"
#include "crypto/Hash.h"
#include "protocol/BodyReader.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/ProtocolLimits.h"
#include "store/AccountRepository.h"
#include "store/AuditLog.h"
#include "store/InvitationRepository.h"
#include "store/Transaction.h"

namespace ward::server {

namespace {

using crypto::credential::Role;
using crypto::credential::roleName;

Status checkRequest(store::Database& db, const InvitationRequest& request)
{
    if (!protocol::isValidUserId(request.userId)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("A user id is 1 to %1 characters of a-z, 0-9, '.', '_' and '-'.")
                .arg(protocol::kMaxUserIdChars));
    }
    const QString name = request.displayName.trimmed();
    if (name.isEmpty() || name.size() > protocol::kMaxNameChars) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("Give the person's name (1 to %1 characters).").arg(protocol::kMaxNameChars));
    }
    if (request.ttlHours < 1 || request.ttlHours > kMaxInvitationTtlHours) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("An invitation lasts 1 to %1 hours.").arg(kMaxInvitationTtlHours));
    }
    AccountRepository accounts(db);
    auto existing = accounts.find(request.userId);
    if (!existing) {
        return existing.error();
    }
    if (existing.value() && existing.value()->role != request.role) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("%1 is already a %2; an invitation for another device must keep that role.")
                .arg(request.userId, roleName(existing.value()->role)));
    }
    if (request.roomId.isEmpty()) {
        return {};
    }
    if (request.role != Role::Patient) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("Only a patient's invitation names a waiting room."));
    }
    auto clinician = accounts.find(request.roomId);
    if (!clinician) {
        return clinician.error();
    }
    if (!clinician.value() || clinician.value()->role != Role::Clinician) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral("%1 is not a clinician here, so has no waiting room.").arg(request.roomId));
    }
    return {};
}

} // namespace

QByteArray invitationCodeHash(const crypto::SecretBytes& code)
{
    const crypto::SecretBytes digest = crypto::hash(crypto::HashAlgorithm::Sha256, code.data(), code.size());
    return QByteArray(digest.chars(), static_cast<qsizetype>(digest.size()));
}

Result<CreatedInvitation> createInvitation(store::Database& db, store::AuditLog& audit,
    const ServerIdentity& identity, const Clock& clock, const InvitationRequest& request)
{
    if (auto checked = checkRequest(db, request); !checked) {
        return checked.error();
    }
    auto hostPort = protocol::parseHostPort(identity.address);
    if (!hostPort) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The server's address (%1) is not HOST:PORT; fix it in the server settings.")
                .arg(identity.address));
    }
    protocol::EnrolmentLink link;
    link.host = hostPort->host;
    link.port = hostPort->port;
    link.code = crypto::SecretBytes::random(protocol::kInvitationCodeBytes);
    link.certificatePin = identity.certificatePin;
    link.organisationFingerprint = protocol::organisationFingerprintBytes(identity.organisationKey);

    const std::int64_t nowMs = clock();
    Invitation invitation;
    invitation.codeHash = invitationCodeHash(link.code);
    invitation.userId = request.userId;
    invitation.displayName = request.displayName.trimmed();
    invitation.role = request.role;
    invitation.createdMs = nowMs;
    invitation.expiresMs = nowMs + std::int64_t { request.ttlHours } * 3600'000;
    invitation.createdBy
        = request.createdBy.isEmpty() ? QString::fromLatin1(kLocalCreator) : request.createdBy;
    invitation.roomId = request.roomId;

    auto tx = store::Transaction::begin(db);
    if (!tx) {
        return tx.error();
    }
    if (auto added = InvitationRepository(db).add(invitation); !added) {
        return added.error();
    }
    const QString detail = QStringLiteral("user=%1 role=%2 by=%3 expires=%4")
                               .arg(invitation.userId, roleName(invitation.role), invitation.createdBy)
                               .arg(invitation.expiresMs);
    if (auto logged = audit.appendNamed(serverAuditEventName(ServerAuditEvent::InvitationCreated), detail);
        !logged) {
        return logged.error();
    }
    if (auto committed = tx->commit(); !committed) {
        return committed.error();
    }
    return CreatedInvitation { link.build(), invitation.expiresMs };
}

} // namespace ward::server
