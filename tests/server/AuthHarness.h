// Drives the sign-in, enrolment and administration services the way a client does: a ServerFixture with
// the server's services registered, invitations made with createInvitation, challenges fetched and signed
// with a device's keys, and TOTP codes computed from the otpauth link the server returned.
#pragma once

#include "ServerFixture.h"
#include "crypto/DeviceIdentity.h"
#include "crypto/credential/Role.h"
#include "protocol/AuthStatement.h"
#include "services/ServiceSet.h"

#include <QCborMap>
#include <QString>
#include <memory>
#include <optional>

namespace ward::test {

class AuthHarness {
public:
    AuthHarness();
    ~AuthHarness();

    ServerFixture& server() { return m_server; }
    FakeClock& clock() { return m_server.clock(); }

    // An invitation's code as the client sends it (the link's base32 text).
    QString invite(crypto::credential::Role role, const QString& userId, const QString& name,
        int ttlHours = 72, const QString& room = {});

    QByteArray challenge(FakeSession& session);
    // A complete enrol body for `device`, signed under `pin` (the server's own pin when empty).
    QCborMap enrolBody(FakeSession& session, const QString& code, const crypto::DeviceIdentity& device,
        const QByteArray& pin = {});
    const protocol::Message& enrol(
        FakeSession& session, const QString& code, const crypto::DeviceIdentity& device);
    // signin (or resume with `token`), signed under the server's pin.
    QCborMap signInBody(FakeSession& session, const crypto::DeviceIdentity& device,
        protocol::AuthPurpose purpose, const std::optional<QString>& totp = std::nullopt,
        const QByteArray& token = {});
    const protocol::Message& signIn(FakeSession& session, const crypto::DeviceIdentity& device,
        const std::optional<QString>& totp = std::nullopt);
    const protocol::Message& resume(
        FakeSession& session, const crypto::DeviceIdentity& device, const QByteArray& token);

    // The current code of the authenticator set up from `totpUri`.
    QString totpCode(const QString& totpUri);

    // A clinic account enrolled end to end (invite, enrol, confirm): its device and otpauth link. The clock
    // moves on one TOTP period afterwards, so the next code is not a replay.
    struct Enrolled {
        crypto::DeviceIdentity device;
        QString totpUri;
    };
    Enrolled enrolClinic(crypto::credential::Role role, const QString& userId, const QString& name);
    crypto::DeviceIdentity enrolPatient(const QString& userId, const QString& name);

    // A signed-in admin session (an admin account written straight to the store).
    FakeSession& admin();

private:
    ServerFixture m_server;
    std::unique_ptr<server::ServiceSet> m_services;
    std::unique_ptr<FakeSession> m_admin;
};

protocol::WireError errorOf(const protocol::Message& message);

} // namespace ward::test
