// The reasons a server refuses a request, as sent on the wire in an "error" reply. The names never change; a
// new reason is a new name. A client that meets an unknown name treats it as Internal.
#pragma once

#include <QString>
#include <QStringView>

namespace ward::protocol {

enum class WireError {
    Malformed, // not CBOR, not a map, missing or mistyped fields
    TooLarge, // frame or field over its limit
    UnknownType, // a type this server does not know
    UnsupportedVersion,
    RateLimited, // too many requests on this connection; slow down
    Unauthenticated, // sign in first
    Forbidden, // signed in, but the role may not do this
    NotFound,
    Invalid, // well-formed but not acceptable (bad signature, wrong key, bad role name, ...)
    Expired, // an invitation or challenge past its time
    Used, // an invitation or challenge already used
    WrongCode, // a TOTP code that matches nothing
    TotpRequired, // the role needs a TOTP code with this sign-in
    Throttled, // too many failed sign-ins: retry after "retryAfterMs"
    Locked, // 100 consecutive failures: an admin must clear the account
    Revoked, // the device was revoked
    QuotaExceeded, // the recipient's mailbox is full
    Offline, // the peer device is not connected (signalling)
    Internal,
};

QString wireErrorName(WireError error);
// Unknown names read as Internal.
WireError parseWireError(QStringView name);

} // namespace ward::protocol
