// wardctl's link to the clinic server for the headless client commands: loads the profile's clinic
// account, signs in with a ClientSession (reading the TOTP code as one line on stdin when the role needs
// one), and makes requests one at a time by running the event loop until each answers. Failures are
// printed as one line on stderr and become an exit status.
#pragma once

#include "Arguments.h"
#include "common/Result.h"
#include "net/ClientSession.h"
#include "net/ServerAccount.h"
#include "protocol/Message.h"
#include "store/Profile.h"

#include <memory>

namespace ward::ctl {

// The account saved by `wardctl enrol`; prints and sets exitCode when there is none.
std::optional<net::ServerAccount> loadServerAccount(store::ProfileSession& profile, int& exitCode);

// Connects and signs in; nullptr (and exitCode set) when that fails.
std::unique_ptr<net::ClientSession> signInToServer(
    const net::ServerAccount& account, const crypto::DeviceIdentity& identity, int& exitCode);

// One request, answered or failed (Offline after the session's timeout).
Result<QCborMap, protocol::ProtocolError> callServer(
    net::ClientSession& session, const char* type, QCborMap body = {});

// The profile (passphrase from stdin), its clinic account and a signed-in session. Members are destroyed
// bottom-up, so the session goes before the profile whose identity it uses.
struct SignedIn {
    std::unique_ptr<store::ProfileSession> profile;
    net::ServerAccount account;
    std::unique_ptr<net::ClientSession> session;
};
std::optional<SignedIn> openAndSignIn(Arguments& args, int& exitCode);

// The value, or `fallback` when the read failed: for optional display fields of a reply.
template <typename T, typename E> T valueOr(const Result<T, E>& result, T fallback)
{
    return result.ok() ? result.value() : std::move(fallback);
}

// Prints the server's refusal (or the lost link) and returns the matching exit status.
int failRemote(const protocol::ProtocolError& error);

} // namespace ward::ctl
