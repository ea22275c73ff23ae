// Who is connected: every open Session, and the signed-in ones indexed by user and by device, so services
// can push to "all devices of user X" or "device K". Services register listeners for sign-in and for a
// session closing (waiting rooms mark the patient disconnected, mailbox delivers what is stored, enrolment
// releases a reserved invitation). The transport adds and removes sessions. Server thread only; listeners
// run synchronously, in registration order, and must not add or remove sessions.
#pragma once

#include "Session.h"

#include <QHash>
#include <functional>
#include <vector>

namespace ward::server {

class Hub {
public:
    using Listener = std::function<void(Session&)>;

    void add(Session& session);
    // Calls the closed listeners, then forgets the session.
    void remove(Session& session);
    // Call after session.signIn(): indexes it and calls the signed-in listeners.
    void signedIn(Session& session);

    void onSignedIn(Listener listener) { m_signedInListeners.push_back(std::move(listener)); }
    void onClosed(Listener listener) { m_closedListeners.push_back(std::move(listener)); }

    std::vector<Session*> sessionsOfUser(const QString& userId) const;
    Session* sessionOfDevice(const QByteArray& signingKey) const;
    // The number of sessions the message went to.
    int sendToUser(const QString& userId, const protocol::Message& message) const;
    bool sendToDevice(const QByteArray& signingKey, const protocol::Message& message) const;
    // Closes every session of a device (after revocation).
    void closeDevice(const QByteArray& signingKey, const QString& reason);

    int sessionCount() const { return static_cast<int>(m_sessions.size()); }
    int signedInCount() const { return static_cast<int>(m_byDevice.size()); }

private:
    QHash<std::uint64_t, Session*> m_sessions;
    QMultiHash<QString, Session*> m_byUser;
    QHash<QByteArray, Session*> m_byDevice;
    std::vector<Listener> m_signedInListeners;
    std::vector<Listener> m_closedListeners;
};

} // namespace ward::server
