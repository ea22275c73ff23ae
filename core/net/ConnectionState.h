// Where a client's link to its clinic server stands, in the words the UI shows. The ClientSession moves
// between them:
//
//   Offline --start--> Connecting --TLS up, pin ok--> SigningIn --signin.ok--> Online
//      ^                   |  \--pin differs--> CertificateMismatch (stays until the person acts)
//      |                   v
//      +---- retry timer (jittered backoff) <-- connection lost / refused
//   SigningIn --needs a TOTP code or the device key was refused--> SignInNeeded --signIn(code)--> SigningIn
//   SigningIn --revoked / locked--> SignInNeeded (with a message saying what to do)
#pragma once

#include <QString>

namespace ward::net {

enum class ConnectionState {
    Offline, // not connected; a retry may be scheduled
    Connecting,
    SigningIn,
    Online,
    SignInNeeded, // the person must act: type a TOTP code, or ask the clinic (revoked, locked)
    CertificateMismatch, // the server showed a certificate other than the pinned one: never accepted
};

// "Offline", "Connecting…", "Signing in…", "Online", "Sign-in needed", "Server identity changed".
QString connectionStateText(ConnectionState state);

} // namespace ward::net
