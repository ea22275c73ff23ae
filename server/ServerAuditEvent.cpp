#include "ServerAuditEvent.h"

namespace ward::server {

QString serverAuditEventName(ServerAuditEvent event)
{
    switch (event) {
    case ServerAuditEvent::ServerInitialised:
        return QStringLiteral("server.initialised");
    case ServerAuditEvent::ServerStarted:
        return QStringLiteral("server.started");
    case ServerAuditEvent::ServerStopped:
        return QStringLiteral("server.stopped");
    case ServerAuditEvent::InvitationCreated:
        return QStringLiteral("invitation.created");
    case ServerAuditEvent::EnrolmentCompleted:
        return QStringLiteral("enrolment.completed");
    case ServerAuditEvent::EnrolmentFailed:
        return QStringLiteral("enrolment.failed");
    case ServerAuditEvent::DeviceAdded:
        return QStringLiteral("device.added");
    case ServerAuditEvent::SignInSucceeded:
        return QStringLiteral("signin.succeeded");
    case ServerAuditEvent::SignInFailed:
        return QStringLiteral("signin.failed");
    case ServerAuditEvent::AccountLocked:
        return QStringLiteral("account.locked");
    case ServerAuditEvent::AccountUnlocked:
        return QStringLiteral("account.unlocked");
    case ServerAuditEvent::DeviceRevoked:
        return QStringLiteral("device.revoked");
    case ServerAuditEvent::PatientAdmitted:
        return QStringLiteral("room.admitted");
    case ServerAuditEvent::PatientReturned:
        return QStringLiteral("room.returned");
    }
    return QStringLiteral("unknown");
}

} // namespace ward::server
