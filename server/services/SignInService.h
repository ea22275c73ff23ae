// Challenges, sign-in, resumption and whoami. A device proves itself by signing the server's fresh
// challenge, bound to the certificate pin it sees (AuthStatement); clinic roles add a TOTP code, which a
// resumption token (issued at each sign-in, 12 hours, single use) lets a reconnect skip. Every attempt
// passes the SignInGate first: a throttled address or account is refused before anything is checked.
//
//   signin/resume: address throttle -> device's account locked? (Locked) -> account throttle (Throttled)
//     -> challenge (Used/Expired) -> device known (NotFound) -> signature (Invalid) -> revoked (Revoked)
//     -> signin: TOTP for clinic roles (TotpRequired, WrongCode) | resume: the token (Used, Expired)
//     -> signed in: failures cleared, new resume token, SignInSucceeded.
#pragma once

#include "protocol/AuthStatement.h"
#include "services/Service.h"
#include "services/SignInGate.h"
#include "store/AccountRepository.h"
#include "store/DeviceRepository.h"

#include <memory>
#include <optional>

namespace ward::server {

struct ServerContext;
class Session;
class SignInThrottle;

class SignInService : public Service {
public:
    SignInService(ServerContext& context, std::shared_ptr<SignInThrottle> throttle);
    void registerRoutes(RequestRouter& router) override;

private:
    struct Proven {
        Account account;
        DeviceRecord device;
    };

    void challenge(Session& session, const protocol::Message& request);
    void signIn(Session& session, const protocol::Message& request);
    void resume(Session& session, const protocol::Message& request);
    void whoAmI(Session& session, const protocol::Message& request);

    // The checks signin and resume share, up to a device proven by its signature; replies to the request
    // and returns nothing when one fails.
    std::optional<Proven> prove(
        Session& session, const protocol::Message& request, protocol::AuthPurpose purpose);
    bool checkTotp(Session& session, const protocol::Message& request, const Proven& proven);
    bool checkResumeToken(Session& session, const protocol::Message& request, const Proven& proven);
    void complete(Session& session, const protocol::Message& request, const Proven& proven, const char* via);
    void failAttempt(Session& session, const protocol::Message& request, const Account* account,
        protocol::WireError code, const QString& message, const QString& reason);

    ServerContext& m_context;
    std::shared_ptr<SignInThrottle> m_throttle; // shared by sign-in and enrolment
    SignInGate m_gate;
};

} // namespace ward::server
