// The message types of Ward's client-server protocol and their bodies. This header is the specification both
// ends build from: the server never holds a key that opens visit or message content, so every field it
// cannot read is marked opaque. Keys are CBOR byte strings (signing/static keys 32 bytes, signatures 64);
// times are UTC milliseconds; user ids are 1..kMaxUserIdChars of [a-z0-9._-]. A reply is "<type>.ok" with
// the body shown after "->", or "error" {code, message[, retryAfterMs]} (WireError names).
//
// Before sign-in (any connection):
//   challenge        {}  -> {nonce: 32 bytes, expiresMs}. Single use, 60 s, bound to this connection.
//   enrol            {code: text (the link's one-time code), nonce, signingKey, staticKey,
//   staticKeySignature,
//                     deviceName: text, signature: Ed25519 over enrolStatement(pin, nonce)}
//                    -> {user, name, role, serverName, organisationKey: 32 bytes, issuerCertificate: bytes,
//                        credential: bytes (clinic roles only), totpUri?: text, room?: user}
//                    Patients are enrolled at once. For clinic roles the invitation is reserved for this
//                    connection until enrol.confirm succeeds; it is consumed only then. totpUri comes when a
//                    new TOTP secret was made (the account's first device); a further device of a clinic
//                    account confirms with a code from the authenticator it already has. room: the
//                    clinician whose waiting room a patient was invited to.
//   enrol.confirm    {totp: text (6 digits from the authenticator)} -> {} ; WrongCode lets the person retry.
//   signin           {nonce, signingKey, signature over signInStatement(pin, nonce), totp?: text}
//                    -> {user, name, role, serverName, resumeToken: 32 bytes, resumeExpiresMs}
//                    TotpRequired when the role needs a code and none came; Throttled {retryAfterMs};
//                    Locked; Revoked. Every failure is counted per account and per address.
//   resume           {nonce, signingKey, token: resumeToken, signature over resumeStatement(pin, nonce)}
//                    -> same as signin (with a fresh token). Lets a reconnect skip the TOTP prompt for as
//                    long as the token lives (12 hours); a token works once.
//
// Signed in (every role unless stated):
//   whoami           {} -> {user, name, role, serverName, deviceFingerprint: text, room?: user}
//   directory.lookup {user} -> {user, name, role, devices: [{signingKey, staticKey, staticKeySignature,
//                     credential?: bytes, addedMs, revokedMs?: int}]}. The caller becomes a contact of that
//                     user and gets directory.changed pushes.
//   room.checkin     patient only: {room: clinician user id, reasons: [{device: signingKey,
//                     sealed: bytes (opaque: crypto_box_seal of the reason to that device's static key)}]}
//                    -> {place: int (1 = next), waiting: int}
//   room.leave       patient: {} -> {}
//   room.queue       clinician: own room, {} ; staff/admin: {room} -> {room, entries: [{user, name,
//                     sinceMs, state: "waiting"|"disconnected", reasons: [{device, sealed}]}]} oldest first.
//                     Only the reasons addressed to the caller's own device are returned.
//   room.admit       clinician (own room) or staff: {user} -> {visit: text (random id)}
//   room.return      clinician or staff: {user} -> {}  (the patient is sent back, told by room.returned)
//   mail.send        {to: user, envelope: bytes (opaque, <= kMaxEnvelopeBytes), ttlSeconds: int (60..30
//   days)}
//                    -> {id: int}. Each recipient device gets its own copy with its own id (the one
//                    mail.deliver carries and mail.ack takes); the reply names the first. QuotaExceeded
//                    when the recipient holds too much.
//   mail.ack         {id} -> {}  (for the calling device only)
//   signal.send      {visit: text, to: user, device?: signingKey, payload: bytes (opaque, <=
//   kMaxSignalBytes)}
//                    -> {delivered: int (devices)}; Offline when no device of `to` is connected; Forbidden
//                    unless the visit is one the server admitted between the two users. Never stored.
//   turn.credentials {} -> {username: "expiry:user", password: base64, expiresMs, uris: [text]}
//   invite.create    admin: {role, user, name, ttlHours?: int (1..720, default 72), room?: clinician user}
//                    -> {link, expiresMs}. An invitation for an existing user adds a device (same role).
//   device.revoke    admin: {user, signingKey} -> {}
//   account.unlock   admin: {user} -> {}  (clears the failure count and the lock)
//
// Pushes (id 0) to signed-in devices:
//   room.place       to a waiting patient: {room, place, waiting}
//   room.admitted    to the patient's devices: {room, visit, clinician: user, clinicianName}
//   room.returned    to the patient's devices: {room}
//   room.changed     to the room's clinician devices (and staff watching it): {room, waiting: int}
//   mail.deliver     {id, from: user, fromDevice: signingKey, sentMs, envelope}; in id order, on sign-in for
//                    everything stored and then as envelopes arrive, until acknowledged
//   signal           {visit, from: user, fromDevice: signingKey, payload}
//   directory.changed {user}  a contact's devices changed (new device or revocation)
#pragma once

namespace ward::protocol::type {

inline constexpr char kError[] = "error";

inline constexpr char kChallenge[] = "challenge";
inline constexpr char kEnrol[] = "enrol";
inline constexpr char kEnrolConfirm[] = "enrol.confirm";
inline constexpr char kSignIn[] = "signin";
inline constexpr char kResume[] = "resume";

inline constexpr char kWhoAmI[] = "whoami";
inline constexpr char kDirectoryLookup[] = "directory.lookup";
inline constexpr char kRoomCheckIn[] = "room.checkin";
inline constexpr char kRoomLeave[] = "room.leave";
inline constexpr char kRoomQueue[] = "room.queue";
inline constexpr char kRoomAdmit[] = "room.admit";
inline constexpr char kRoomReturn[] = "room.return";
inline constexpr char kMailSend[] = "mail.send";
inline constexpr char kMailAck[] = "mail.ack";
inline constexpr char kSignalSend[] = "signal.send";
inline constexpr char kTurnCredentials[] = "turn.credentials";
inline constexpr char kInviteCreate[] = "invite.create";
inline constexpr char kDeviceRevoke[] = "device.revoke";
inline constexpr char kAccountUnlock[] = "account.unlock";

inline constexpr char kRoomPlace[] = "room.place";
inline constexpr char kRoomAdmitted[] = "room.admitted";
inline constexpr char kRoomReturned[] = "room.returned";
inline constexpr char kRoomChanged[] = "room.changed";
inline constexpr char kMailDeliver[] = "mail.deliver";
inline constexpr char kSignal[] = "signal";
inline constexpr char kDirectoryChanged[] = "directory.changed";

} // namespace ward::protocol::type
