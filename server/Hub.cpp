#include "Hub.h"

namespace ward::server {

void Hub::add(Session& session)
{
    m_sessions.insert(session.id(), &session);
}

void Hub::remove(Session& session)
{
    if (!m_sessions.contains(session.id())) {
        return;
    }
    for (const auto& listener : m_closedListeners) {
        listener(session);
    }
    m_sessions.remove(session.id());
    if (const auto& device = session.device()) {
        m_byUser.remove(device->userId, &session);
        if (m_byDevice.value(device->signingKey) == &session) {
            m_byDevice.remove(device->signingKey);
        }
    }
}

void Hub::signedIn(Session& session)
{
    const auto& device = session.device();
    if (!device) {
        return;
    }
    // A device that signs in again on a new connection (a reconnect) takes over from its old one.
    if (Session* previous = m_byDevice.value(device->signingKey);
        previous != nullptr && previous != &session) {
        m_byUser.remove(device->userId, previous);
        previous->close(QStringLiteral("signed in on another connection"));
    }
    m_byDevice.insert(device->signingKey, &session);
    m_byUser.remove(device->userId, &session);
    m_byUser.insert(device->userId, &session);
    for (const auto& listener : m_signedInListeners) {
        listener(session);
    }
}

std::vector<Session*> Hub::sessionsOfUser(const QString& userId) const
{
    std::vector<Session*> out;
    for (auto it = m_byUser.constFind(userId); it != m_byUser.constEnd() && it.key() == userId; ++it) {
        out.push_back(it.value());
    }
    return out;
}

Session* Hub::sessionOfDevice(const QByteArray& signingKey) const
{
    return m_byDevice.value(signingKey);
}

int Hub::sendToUser(const QString& userId, const protocol::Message& message) const
{
    int sent = 0;
    for (Session* session : sessionsOfUser(userId)) {
        session->send(message);
        ++sent;
    }
    return sent;
}

bool Hub::sendToDevice(const QByteArray& signingKey, const protocol::Message& message) const
{
    Session* session = sessionOfDevice(signingKey);
    if (session == nullptr) {
        return false;
    }
    session->send(message);
    return true;
}

void Hub::closeDevice(const QByteArray& signingKey, const QString& reason)
{
    if (Session* session = sessionOfDevice(signingKey)) {
        session->close(reason);
    }
}

} // namespace ward::server
