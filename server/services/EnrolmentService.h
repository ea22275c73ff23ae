// Enrolment: a device presents an invitation's one-time code and proves it holds its keys (the static key
// signed by the signing key, and the server's challenge signed under the certificate pin it sees).
//
//   enrol ─ patient ──────────────────────────────> account (if new) + device stored, invitation used
//         └ clinician/staff/admin ─> credential issued, TOTP made (first device), invitation reserved
//                                    for this connection ─ enrol.confirm, right code ─> account + TOTP
//                                    secret + device stored, invitation used
//                                                    ├ wrong code ─> WrongCode, counted and throttled
//                                                    └ connection closes ─> reservation dropped
//
// A reserved invitation answers Used to any other connection. Nothing of a clinic enrolment is stored
// before the code proves the person set up their authenticator. Server thread only.
#pragma once

#include "services/Service.h"
#include "services/SignInGate.h"
#include "store/DeviceRepository.h"
#include "store/InvitationRepository.h"

#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QCborMap>
#include <QHash>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>

namespace ward::server {

struct ServerContext;
class Session;
class SignInThrottle;

class EnrolmentService : public Service {
public:
    EnrolmentService(ServerContext& context, std::shared_ptr<SignInThrottle> throttle);
    void registerRoutes(RequestRouter& router) override;

    // Invitations reserved by connections waiting for enrol.confirm.
    qsizetype reservedCount() const { return m_reserved.size(); }

private:
    struct Pending {
        Invitation invitation;
        DeviceRecord device;
        std::optional<Account> existing; // the account a further device joins
        crypto::SecretBytes newTotpSecret; // empty when the account already has one
    };
    // Wrong confirmation codes for an account that does not exist yet, per invitation.
    struct Failures {
        int count = 0;
        std::int64_t nextAttemptMs = 0;
    };

    void enrol(Session& session, const protocol::Message& request);
    void confirm(Session& session, const protocol::Message& request);
    void release(std::uint64_t sessionId);

    // The invitation for the request's code, usable by `session`; replies and returns nothing when not.
    std::optional<Invitation> usableInvitation(Session& session, const protocol::Message& request);
    void enrolPatient(Session& session, const protocol::Message& request, const Invitation& invitation,
        DeviceRecord device, std::optional<Account> existing);
    void reserve(Session& session, const protocol::Message& request, const Invitation& invitation,
        DeviceRecord device, std::optional<Account> existing);
    // Stores the account (if new), the device and, for clinic roles, the TOTP state; marks the invitation
    // used; audits. The caller commits nothing else.
    Status store(const Invitation& invitation, const DeviceRecord& device,
        const std::optional<Account>& existing, const crypto::SecretBytes& newTotpSecret,
        std::optional<std::uint64_t> totpStep);
    QCborMap replyBody(const Invitation& invitation, const std::optional<Account>& existing,
        const DeviceRecord& device) const;
    void refuse(Session& session, const protocol::Message& request, protocol::WireError code,
        const QString& message, const char* reason);

    ServerContext& m_context;
    std::shared_ptr<SignInThrottle> m_throttle; // shared by sign-in and enrolment
    SignInGate m_gate;
    std::unordered_map<std::uint64_t, Pending> m_pending; // by session id
    QHash<QByteArray, std::uint64_t> m_reserved; // invitation code hash -> session id
    QHash<QByteArray, Failures> m_newAccountFailures; // invitation code hash -> wrong codes
};

} // namespace ward::server
