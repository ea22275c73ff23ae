// Helpers for end-to-end tests against the real ward-server process: invitations made by the real wardctl on
// the server's data folder, devices enrolled in-process with net::Enrolment, and sign-in, check-in and
// admission over a TestClient, so a test sees every reply and push the server sends. Everything here
// fails the test (Catch REQUIRE) when a step that is not under test goes wrong.
#pragma once

#include "ServerProcess.h"
#include "TestClient.h"

#include "crypto/DeviceIdentity.h"
#include "crypto/otp/OtpAuthUri.h"
#include "net/ServerAccount.h"
#include "protocol/Message.h"

#include <QByteArray>
#include <QCborMap>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>

namespace ward::test {

// TOTP codes for one authenticator, never the same step twice (the server refuses a step it has seen), so
// at most two codes are ready at once; a third waits for the clock.
class Authenticator {
public:
    void setUri(const crypto::SecretBytes& uri);
    QByteArray nextCode();
    // A six-digit code that is none of the codes the server accepts now.
    QByteArray wrongCode() const;

private:
    std::optional<crypto::otp::OtpAuthUri> m_uri;
    std::int64_t m_lastStep = 0;
};

// `wardctl --server-data DIR invite create ...`: the ward://enrol link it printed. ttlHours 0: the default.
QString createInvitation(const ServerProcess& server, const QString& role, const QString& user,
    const QString& name, const QString& room = {}, int ttlHours = 0);

struct Device {
    crypto::DeviceIdentity identity = crypto::DeviceIdentity::generate();
    net::ServerAccount account;
    QByteArray signingKey() const { return identity.publicIdentity().signingKey; }
};

// Enrols a fresh device with `link` through net::Enrolment. Clinic roles confirm with `authenticator`,
// whose otpauth link is taken from the enrolment when the server made a new secret.
std::unique_ptr<Device> enrolDevice(const QString& link, Authenticator* authenticator = nullptr);

// A fresh challenge's nonce over `client`.
QByteArray challenge(TestClient& client);
// The signin body for `device` over `nonce` (with `totp` when not empty).
QCborMap signInBody(const Device& device, const QByteArray& nonce, const QByteArray& totp = {});
// A challenge, then signin: the server's reply.
std::optional<protocol::Message> signIn(
    TestClient& client, const Device& device, const QByteArray& totp = {});
// A new connection to `server` with `device` signed in; fails the test unless signin.ok.
std::unique_ptr<TestClient> signedInClient(
    const ServerProcess& server, const Device& device, const QByteArray& totp = {});

// enrol with `link` for a fresh device over a new connection (a challenge first): the server's reply, so a
// test can see a refusal's wire error.
std::optional<protocol::Message> enrolOverTestClient(const ServerProcess& server, const QString& link);

// The wire error of an error reply; fails the test when there is no reply or it is not an error.
protocol::WireError wireErrorOf(const std::optional<protocol::Message>& reply);
// The body of a "<type>.ok" reply; fails the test otherwise (showing the error's sentence).
QCborMap okBody(const std::optional<protocol::Message>& reply);

// A patient checking in to `room`: looks the clinician up and seals `reason` to their devices, as Ward's
// client does. Returns the room.checkin reply body.
QCborMap checkIn(TestClient& patient, const Device& patientDevice, const QString& room, const char* reason);
// The clinician admits `patientUser`; the visit id from room.admit, checked against the patient's
// room.admitted push.
QString admit(TestClient& clinician, TestClient& patient, const QString& patientUser);

} // namespace ward::test
