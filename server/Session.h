// One client connection as the request handlers see it: who is signed in on it (if anyone), its one
// outstanding challenge, and a way to send it a message. The transport (ClientConnection) implements send()
// and close(); everything else is plain state. All sessions live on the server's one event-loop thread.
#pragma once

#include "common/Result.h"
#include "crypto/credential/Role.h"
#include "protocol/Message.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>

namespace ward::server {

struct SignedInDevice {
    QString userId;
    QString displayName;
    crypto::credential::Role role = crypto::credential::Role::Patient;
    QByteArray signingKey; // the device's Ed25519 public key
};

class Session {
public:
    static constexpr std::int64_t kChallengeLifetimeMs = 60'000;

    virtual ~Session() = default;
    virtual std::uint64_t id() const = 0;
    // The peer's IP address as text, for per-address throttling and the audit log.
    virtual QString peerAddress() const = 0;
    virtual void send(const protocol::Message& message) = 0;
    // Closes the connection cleanly after what was already sent.
    virtual void close(const QString& reason) = 0;

    const std::optional<SignedInDevice>& device() const { return m_device; }
    bool signedIn() const { return m_device.has_value(); }
    void signIn(SignedInDevice device) { m_device = std::move(device); }
    void signOut() { m_device.reset(); }

    // A fresh 32-byte nonce; it replaces any earlier one on this session.
    QByteArray issueChallenge(std::int64_t nowMs);
    // Accepts `nonce` once: Used when it was already taken (or never issued), Expired after its lifetime.
    Result<void, protocol::ProtocolError> consumeChallenge(const QByteArray& nonce, std::int64_t nowMs);

    // Replies to `request` with "<type>.ok" and `body`, or with an error.
    void reply(const protocol::Message& request, QCborMap body = {});
    void fail(const protocol::Message& request, protocol::WireError code, const QString& message,
        QCborMap extra = {});
    void fail(const protocol::Message& request, const protocol::ProtocolError& error);

private:
    std::optional<SignedInDevice> m_device;
    QByteArray m_nonce;
    std::int64_t m_nonceExpiresMs = 0;
};

} // namespace ward::server
