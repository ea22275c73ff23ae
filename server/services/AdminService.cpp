#include "services/AdminService.h"

#include "Invitations.h"
#include "RequestRouter.h"
#include "ServerAuditEvent.h"
#include "ServerContext.h"
#include "Session.h"
#include "crypto/DeviceIdentity.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "services/AuthSupport.h"
#include "services/DirectoryAnnouncer.h"
#include "store/AccountRepository.h"
#include "store/AuditLog.h"
#include "store/DeviceRepository.h"
#include "store/ResumeTokenRepository.h"
#include "store/Transaction.h"

#include <QCborMap>

namespace ward::server {

using crypto::credential::Role;
using protocol::WireError;

namespace {

constexpr qsizetype kMaxRoleChars = 16;

QString serverProblem()
{
    return QStringLiteral("The server could not save the change. Try again in a minute.");
}

WireError wireErrorFor(const Error& error)
{
    switch (error.code) {
    case ErrorCode::InvalidArgument:
        return WireError::Invalid;
    case ErrorCode::NotFound:
        return WireError::NotFound;
    default:
        return WireError::Internal;
    }
}

} // namespace

void AdminService::registerRoutes(RequestRouter& router)
{
    router.add(protocol::type::kInviteCreate, Access::SignedIn, { Role::Admin },
        [this](Session& session, const protocol::Message& request) { inviteCreate(session, request); });
    router.add(protocol::type::kDeviceRevoke, Access::SignedIn, { Role::Admin },
        [this](Session& session, const protocol::Message& request) { deviceRevoke(session, request); });
    router.add(protocol::type::kAccountUnlock, Access::SignedIn, { Role::Admin },
        [this](Session& session, const protocol::Message& request) { accountUnlock(session, request); });
}

void AdminService::inviteCreate(Session& session, const protocol::Message& request)
{
    const protocol::BodyReader body(request.body);
    auto roleText = body.text("role", kMaxRoleChars);
    auto user = body.userId("user");
    auto name = body.text("name", protocol::kMaxNameChars);
    auto ttl = body.optionalInteger("ttlHours", 1, kMaxInvitationTtlHours);
    for (const auto* field : { &roleText, &user, &name }) {
        if (!*field) {
            refuseMalformed(m_context, session, request, field->error());
            return;
        }
    }
    if (!ttl) {
        refuseMalformed(m_context, session, request, ttl.error());
        return;
    }
    InvitationRequest invitation;
    const auto role = crypto::credential::parseRole(roleText.value());
    if (!role) {
        session.fail(request, WireError::Invalid,
            QStringLiteral("The role must be patient, clinician, staff or admin."));
        return;
    }
    invitation.role = *role;
    invitation.userId = user.value();
    invitation.displayName = name.value();
    invitation.ttlHours = static_cast<int>(ttl.value().value_or(kDefaultInvitationTtlHours));
    if (body.has("room")) {
        auto room = body.userId("room");
        if (!room) {
            refuseMalformed(m_context, session, request, room.error());
            return;
        }
        invitation.roomId = room.value();
    }
    invitation.createdBy = session.device()->userId;
    auto created
        = createInvitation(m_context.db, m_context.audit, m_context.identity, m_context.clock, invitation);
    if (!created) {
        session.fail(request, wireErrorFor(created.error()), created.error().message);
        return;
    }
    QCborMap reply;
    // The admin hands this link to the person; it leaves the server once, over this connection.
    reply.insert(QLatin1String("link"),
        QString::fromLatin1(created->link.chars(), static_cast<qsizetype>(created->link.size())));
    reply.insert(QLatin1String("expiresMs"), static_cast<qint64>(created->expiresMs));
    session.reply(request, reply);
}

void AdminService::deviceRevoke(Session& session, const protocol::Message& request)
{
    const protocol::BodyReader body(request.body);
    auto user = body.userId("user");
    auto signingKey = body.bytes("signingKey", static_cast<qsizetype>(crypto::kPublicKeyBytes));
    if (!user) {
        refuseMalformed(m_context, session, request, user.error());
        return;
    }
    if (!signingKey) {
        refuseMalformed(m_context, session, request, signingKey.error());
        return;
    }
    auto tx = store::Transaction::begin(m_context.db);
    if (!tx) {
        session.fail(request, WireError::Internal, serverProblem());
        return;
    }
    auto revoked = DeviceRepository(m_context.db).revoke(user.value(), signingKey.value(), m_context.clock());
    if (!revoked) {
        session.fail(request, wireErrorFor(revoked.error()), revoked.error().message);
        return;
    }
    const QString detail
        = QStringLiteral("user=%1 device=%2 by=%3")
              .arg(user.value(), deviceFingerprint(signingKey.value()), session.device()->userId);
    if (!ResumeTokenRepository(m_context.db).dropDevice(signingKey.value())
        || !m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::DeviceRevoked), detail)
        || !tx->commit()) {
        session.fail(request, WireError::Internal, serverProblem());
        return;
    }
    m_context.hub.closeDevice(signingKey.value(), QStringLiteral("This device was revoked by the clinic."));
    announceDeviceChange(m_context, user.value());
    session.reply(request);
}

void AdminService::accountUnlock(Session& session, const protocol::Message& request)
{
    auto user = protocol::BodyReader(request.body).userId("user");
    if (!user) {
        refuseMalformed(m_context, session, request, user.error());
        return;
    }
    AccountRepository accounts(m_context.db);
    auto account = accounts.find(user.value());
    if (!account) {
        session.fail(request, WireError::Internal, serverProblem());
        return;
    }
    if (!account.value()) {
        session.fail(
            request, WireError::NotFound, QStringLiteral("There is no account %1.").arg(user.value()));
        return;
    }
    auto tx = store::Transaction::begin(m_context.db);
    if (!tx || !accounts.clearFailures(user.value())
        || !m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::AccountUnlocked),
            QStringLiteral("user=%1 by=%2").arg(user.value(), session.device()->userId))
        || !tx->commit()) {
        session.fail(request, WireError::Internal, serverProblem());
        return;
    }
    session.reply(request);
}

} // namespace ward::server
