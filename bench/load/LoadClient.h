// One simulated device of a load run: its own device keys, a real Enrolment from its invitation (a clinician
// confirms TOTP with a code computed from the otpauth link), a real ClientSession (clinicians sign in with
// the next unused TOTP step), a check-in with a reason sealed to the clinician's devices, or an admission,
// and then signal.send envelopes to its peer carrying a sequence number and a send stamp, whose one-way
// latency the peer records on receipt. Each step's callback runs exactly once. Event-loop thread only.
#pragma once

#include "crypto/DeviceIdentity.h"
#include "crypto/credential/Role.h"
#include "crypto/otp/OtpAuthUri.h"
#include "load/LoadStats.h"
#include "net/ClientSession.h"
#include "net/Enrolment.h"
#include "net/ServerAccount.h"
#include "protocol/EnrolmentLink.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace ward::bench {

class LoadClient : public QObject {
public:
    using Done = std::function<void(bool ok)>;

    LoadClient(protocol::EnrolmentLink link, crypto::credential::Role role, LoadStats& stats,
        QObject* parent = nullptr);
    ~LoadClient() override;

    void enrol(Done done);
    void signIn(Done done);
    // Patient: looks the clinician up, seals a reason to their devices and checks in to their room.
    void checkIn(const QString& clinician, Done done);
    // Clinician: admits the patient; the visit id comes back in the reply.
    void admit(const QString& patient, Done done);
    // Patient: `done` once room.admitted has named the visit (at once when it already has).
    void waitForAdmission(Done done);

    void setPeer(const QString& peer) { m_peer = peer; }
    // One signal.send to the peer in the current visit.
    void sendSignal(int payloadBytes);

    const QString& userId() const { return m_userId; }
    const QString& visit() const { return m_visit; }
    bool online() const;

private:
    void onTotpSetup();
    void onStateChanged(net::ConnectionState state);
    void onPush(const protocol::Message& push);
    void onSignal(const QCborMap& body);
    // The code for the next TOTP step not used yet; waits for the clock when that step is too far ahead.
    void withNextCode(std::function<void(const crypto::SecretBytes&)> use);
    void finish(Done& done, bool ok);

    protocol::EnrolmentLink m_link; // moved into the Enrolment
    crypto::credential::Role m_role;
    LoadStats& m_stats;
    crypto::DeviceIdentity m_identity;
    QString m_userId;
    std::unique_ptr<net::Enrolment> m_enrolment;
    std::optional<net::ServerAccount> m_account;
    std::unique_ptr<net::ClientSession> m_session;
    std::optional<crypto::otp::OtpAuthUri> m_totp;
    std::int64_t m_lastStep = 0;
    int m_signInAttempts = 0;
    bool m_signedIn = false;
    Done m_enrolDone;
    Done m_signInDone;
    Done m_admittedDone;
    QString m_visit;
    QString m_peer;
    std::int64_t m_nextSequence = 1;
    std::int64_t m_lastReceived = 0;
};

} // namespace ward::bench
