// An in-process server for unit tests of the request handlers: a fresh SQLCipher store with the server
// schema in a temporary folder, an organisation root and issuing key, the hub, router, counters and visit
// registry, all on a FakeClock; and FakeSession, a Session that records what the server sends it instead
// of writing to a socket. Integration tests use the real ward-server process instead (ServerProcess).
#pragma once

#include "Hub.h"
#include "RequestRouter.h"
#include "ServerContext.h"
#include "ServerIdentity.h"
#include "ServerStats.h"
#include "Session.h"
#include "TestSupport.h"
#include "crypto/DeviceIdentity.h"
#include "services/VisitRegistry.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <QTemporaryDir>
#include <memory>
#include <vector>

namespace ward::test {

class FakeSession : public server::Session {
public:
    explicit FakeSession(QString address = QStringLiteral("192.0.2.10"));

    std::uint64_t id() const override { return m_id; }
    QString peerAddress() const override { return m_address; }
    void send(const protocol::Message& message) override { m_sent.push_back(message); }
    void close(const QString& reason) override
    {
        m_closed = true;
        m_closeReason = reason;
    }

    const std::vector<protocol::Message>& sent() const { return m_sent; }
    // The newest message sent, failing the test when there is none.
    const protocol::Message& last() const;
    // Messages of `type` (pushes, replies) in the order sent.
    std::vector<protocol::Message> ofType(const QString& type) const;
    void clearSent() { m_sent.clear(); }
    bool closed() const { return m_closed; }
    const QString& closeReason() const { return m_closeReason; }

private:
    std::uint64_t m_id;
    QString m_address;
    std::vector<protocol::Message> m_sent;
    bool m_closed = false;
    QString m_closeReason;
};

class ServerFixture {
public:
    ServerFixture();
    ~ServerFixture();

    FakeClock& clock() { return m_clock; }
    server::ServerContext& context() { return *m_context; }
    server::RequestRouter& router() { return m_router; }
    server::Hub& hub() { return m_hub; }
    server::ServerStats& stats() { return m_stats; }
    store::Database& db() { return m_db; }
    store::AuditLog& audit() { return *m_audit; }
    server::ServerIdentity& identity() { return *m_identity; }
    // The TURN settings the context reads (empty secret: TURN not configured); tests may set them.
    server::TurnSettings& turn() { return m_turn; }
    const crypto::credential::SigningKey& rootKey() const { return *m_root; }
    QString dataDir() const { return m_dir.path(); }

    // Sends `type` with `body` as request `id` through the router, as the transport does.
    void request(FakeSession& session, const char* type, QCborMap body = {}, std::uint64_t id = 1);

    // An account (and one device, returned) written straight to the store, and `session` signed in as that
    // device and registered with the hub: for tests of what signed-in users may do.
    crypto::DeviceIdentity addUser(
        const QString& userId, const QString& displayName, crypto::credential::Role role);
    void signIn(FakeSession& session, const QString& userId, const crypto::DeviceIdentity& device);
    // add(session) with the hub, as a new connection.
    void connect(FakeSession& session) { m_hub.add(session); }

private:
    QTemporaryDir m_dir;
    FakeClock m_clock;
    crypto::SecretBytes m_key;
    store::Database m_db;
    std::unique_ptr<store::AuditLog> m_audit;
    std::unique_ptr<crypto::credential::SigningKey> m_root;
    std::unique_ptr<server::ServerIdentity> m_identity;
    server::TurnSettings m_turn;
    server::ServerStats m_stats;
    server::Hub m_hub;
    server::RequestRouter m_router { m_stats };
    server::VisitRegistry m_visits { m_db };
    std::unique_ptr<server::ServerContext> m_context;
};

} // namespace ward::test
