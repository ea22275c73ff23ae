// A signed-in link to the clinic server, for the app and wardctl. It connects over TLS with the pinned
// certificate, signs in with the device key (a server challenge signed for this certificate), asks for a
// TOTP code through SignInNeeded when the role needs one, and after a dropped connection reconnects with
// jittered exponential backoff and resumes with its one-time resume token, so the person is not asked for
// a code again. Requests made while not Online fail at once with WireError::Offline. State transitions are
// drawn in ConnectionState.h. Lives on the thread that created it (a QObject); `identity` must outlive it.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "net/ConnectionState.h"
#include "net/ServerAccount.h"
#include "protocol/Message.h"

#include <QCborMap>
#include <QObject>
#include <functional>
#include <memory>

namespace ward::crypto {
class DeviceIdentity;
}

namespace ward::net {

class ClientSession : public QObject {
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(Result<QCborMap, protocol::ProtocolError>)>;

    ClientSession(ServerAccount account, const crypto::DeviceIdentity& identity, Clock clock = systemClock(),
        QObject* parent = nullptr);
    ~ClientSession() override;

    ConnectionState state() const;
    const ServerAccount& account() const;
    // The sentence explaining the current state when it needs one (why sign-in is needed, why the last
    // attempt failed, what to do about a certificate mismatch); empty otherwise.
    QString statusMessage() const;

    // Connects and signs in. Roles without TOTP sign in on their own; clinic roles without a resume token
    // stop at SignInNeeded until signIn() gives the code.
    void start();
    void stop();
    // The TOTP code the person typed (ignored for roles without TOTP).
    void signIn(const crypto::SecretBytes& totpCode);

    void request(const char* type, const QCborMap& body, ReplyHandler handler);

signals:
    void stateChanged(ward::net::ConnectionState state);
    void pushReceived(const ward::protocol::Message& push);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ward::net
