// The events of the server's audit log (the same hash chain as the client's, in the server store). Details
// carry ids, counts and reasons, never names, reasons for a visit or any content.
#pragma once

#include <QString>

namespace ward::server {

enum class ServerAuditEvent {
    ServerInitialised, // detail: organisation fingerprint
    ServerStarted,
    ServerStopped,
    InvitationCreated, // user=ID role=ROLE by=USER|local expires=MS
    EnrolmentCompleted, // user=ID device=FINGERPRINT
    EnrolmentFailed, // reason=...
    DeviceAdded, // user=ID device=FINGERPRINT (a new device for an existing account is this event)
    SignInSucceeded, // user=ID device=FINGERPRINT via=signin|resume
    SignInFailed, // user=ID|unknown reason=... failures=N
    AccountLocked, // user=ID failures=N
    AccountUnlocked, // user=ID by=USER
    DeviceRevoked, // user=ID device=FINGERPRINT by=USER
    PatientAdmitted, // room=ID patient=ID visit=ID
    PatientReturned, // room=ID patient=ID
};

QString serverAuditEventName(ServerAuditEvent event);

} // namespace ward::server
