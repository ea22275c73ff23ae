#include "services/SignInService.h"

#include "RequestRouter.h"
#include "ServerAuditEvent.h"
#include "ServerContext.h"
#include "Session.h"
#include "crypto/DeviceIdentity.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "services/AuthSupport.h"
#include "store/AuditLog.h"
#include "store/ResumeTokenRepository.h"
#include "store/Transaction.h"

#include <QCborMap>

namespace ward::server {

using crypto::credential::Role;
using protocol::WireError;

namespace {

constexpr qsizetype kMaxTotpChars = 16;

QString signInFailedMessage()
{
    return QStringLiteral("Sign-in failed because of a problem on the server. Try again in a minute.");
}

} // namespace

SignInService::SignInService(ServerContext& context, std::shared_ptr<SignInThrottle> throttle)
    : m_context(context)
    , m_throttle(std::move(throttle))
    , m_gate(context, *m_throttle)
{ }

void SignInService::registerRoutes(RequestRouter& router)
{
    router.add(protocol::type::kChallenge, Access::Anyone, {},
        [this](Session& session, const protocol::Message& request) { challenge(session, request); });
    router.add(protocol::type::kSignIn, Access::Anyone, {},
        [this](Session& session, const protocol::Message& request) { signIn(session, request); });
    router.add(protocol::type::kResume, Access::Anyone, {},
        [this](Session& session, const protocol::Message& request) { resume(session, request); });
    router.add(protocol::type::kWhoAmI, Access::SignedIn, {},
        [this](Session& session, const protocol::Message& request) { whoAmI(session, request); });
}

void SignInService::challenge(Session& session, const protocol::Message& request)
{
    const std::int64_t nowMs = m_context.clock();
    QCborMap body;
    body.insert(QLatin1String("nonce"), session.issueChallenge(nowMs));
    body.insert(QLatin1String("expiresMs"), static_cast<qint64>(nowMs + Session::kChallengeLifetimeMs));
    session.reply(request, body);
}

void SignInService::signIn(Session& session, const protocol::Message& request)
{
    auto proven = prove(session, request, protocol::AuthPurpose::SignIn);
    if (!proven || !checkTotp(session, request, *proven)) {
        return;
    }
    complete(session, request, *proven, "signin");
}

void SignInService::resume(Session& session, const protocol::Message& request)
{
    auto proven = prove(session, request, protocol::AuthPurpose::Resume);
    if (!proven || !checkResumeToken(session, request, *proven)) {
        return;
    }
    complete(session, request, *proven, "resume");
}

void SignInService::failAttempt(Session& session, const protocol::Message& request, const Account* account,
    WireError code, const QString& message, const QString& reason)
{
    m_gate.recordFailure(session.peerAddress(), account, reason);
    session.fail(request, code, message);
}

std::optional<SignInService::Proven> SignInService::prove(
    Session& session, const protocol::Message& request, protocol::AuthPurpose purpose)
{
    const protocol::BodyReader body(request.body);
    auto nonce = body.bytes("nonce", protocol::kNonceBytes);
    auto signingKey = body.bytes("signingKey", static_cast<qsizetype>(crypto::kPublicKeyBytes));
    auto signature = body.bytes("signature", static_cast<qsizetype>(crypto::kSignatureBytes));
    for (const auto* field : { &nonce, &signingKey, &signature }) {
        if (!*field) {
            refuseMalformed(m_context, session, request, field->error());
            return std::nullopt;
        }
    }
    const QString address = session.peerAddress();
    if (const std::int64_t wait = m_gate.retryAfterMs(address, nullptr); wait > 0) {
        m_gate.refuseThrottled(session, request, wait);
        return std::nullopt;
    }
    auto device = DeviceRepository(m_context.db).find(signingKey.value());
    std::optional<Account> account;
    if (device && device.value()) {
        auto found = AccountRepository(m_context.db).find(device.value()->userId);
        if (found) {
            account = std::move(found.value());
        }
    }
    if (!device || (device.value() && !account)) {
        session.fail(request, WireError::Internal, signInFailedMessage());
        return std::nullopt;
    }
    const Account* known = account ? &*account : nullptr;
    if (known != nullptr && known->lockedMs) {
        m_context.stats.count(ServerStats::Counter::SignInFailures);
        session.fail(request, WireError::Locked,
            QStringLiteral("This account is locked after too many failed sign-ins. Ask your clinic's "
                           "administrator to unlock it."));
        return std::nullopt;
    }
    if (const std::int64_t wait = m_gate.retryAfterMs(address, known); wait > 0) {
        m_gate.refuseThrottled(session, request, wait);
        return std::nullopt;
    }
    if (auto fresh = session.consumeChallenge(nonce.value(), m_context.clock()); !fresh) {
        failAttempt(
            session, request, known, fresh.error().wire, fresh.error().message, QStringLiteral("challenge"));
        return std::nullopt;
    }
    if (known == nullptr) {
        failAttempt(session, request, nullptr, WireError::NotFound,
            QStringLiteral("This device is not enrolled with this clinic. Enrol it with a new invitation."),
            QStringLiteral("unknown-device"));
        return std::nullopt;
    }
    const QByteArray statement
        = protocol::authStatement(purpose, m_context.identity.certificatePin, nonce.value());
    if (!crypto::verifySignature(signingKey.value(), statement, signature.value())) {
        failAttempt(session, request, known, WireError::Invalid,
            QStringLiteral(
                "The device's signature does not check out. If this keeps happening, the connection "
                "may not be reaching your clinic's real server."),
            QStringLiteral("signature"));
        return std::nullopt;
    }
    if (device.value()->revokedMs) {
        failAttempt(session, request, known, WireError::Revoked,
            QStringLiteral("This device was removed from the account. Ask your clinic for a new invitation."),
            QStringLiteral("revoked"));
        return std::nullopt;
    }
    return Proven { std::move(*account), std::move(*device.value()) };
}

bool SignInService::checkTotp(Session& session, const protocol::Message& request, const Proven& proven)
{
    if (proven.account.role == Role::Patient) {
        return true;
    }
    auto code = protocol::BodyReader(request.body).optionalText("totp", kMaxTotpChars);
    if (!code) {
        refuseMalformed(m_context, session, request, code.error());
        return false;
    }
    if (!code.value()) {
        session.fail(request, WireError::TotpRequired,
            QStringLiteral("Type the current code from your authenticator app to sign in."));
        return false;
    }
    AccountRepository accounts(m_context.db);
    auto secret = accounts.totpSecret(proven.account.userId);
    if (!secret || secret->empty()) {
        session.fail(request, WireError::Invalid,
            QStringLiteral(
                "This account has no authenticator set up. Ask your clinic for a new invitation."));
        return false;
    }
    auto step = verifyTotpCode(
        secret.value(), secretFromText(*code.value()), m_context.clock(), proven.account.totpLastStep);
    if (!step) {
        const bool replayed = step.error().code == ErrorCode::Replayed;
        failAttempt(session, request, &proven.account, WireError::WrongCode, step.error().message,
            replayed ? QStringLiteral("totp-replayed") : QStringLiteral("totp"));
        return false;
    }
    if (!accounts.setTotpLastStep(proven.account.userId, step.value())) {
        session.fail(request, WireError::Internal, signInFailedMessage());
        return false;
    }
    return true;
}

bool SignInService::checkResumeToken(Session& session, const protocol::Message& request, const Proven& proven)
{
    auto token = protocol::BodyReader(request.body).bytes("token", static_cast<qsizetype>(kResumeTokenBytes));
    if (!token) {
        refuseMalformed(m_context, session, request, token.error());
        return false;
    }
    auto check = ResumeTokenRepository(m_context.db)
                     .consume(token.value(), proven.device.signingKey, m_context.clock());
    if (!check) {
        session.fail(request, WireError::Internal, signInFailedMessage());
        return false;
    }
    switch (check.value()) {
    case ResumeTokenCheck::Accepted:
        return true;
    case ResumeTokenCheck::Expired:
        session.fail(
            request, WireError::Expired, QStringLiteral("The saved sign-in has expired; sign in again."));
        return false;
    case ResumeTokenCheck::Unknown:
    case ResumeTokenCheck::OtherDevice:
        break;
    }
    failAttempt(session, request, &proven.account, WireError::Used,
        QStringLiteral("The saved sign-in was already used or is not known; sign in again."),
        QStringLiteral("resume-token"));
    return false;
}

void SignInService::complete(
    Session& session, const protocol::Message& request, const Proven& proven, const char* via)
{
    const std::int64_t nowMs = m_context.clock();
    const QString fingerprint = deviceFingerprint(proven.device.signingKey);
    auto tx = store::Transaction::begin(m_context.db);
    if (!tx) {
        session.fail(request, WireError::Internal, signInFailedMessage());
        return;
    }
    auto token = ResumeTokenRepository(m_context.db).issue(proven.device.signingKey, nowMs);
    const bool stored = token && m_gate.recordSuccess(proven.account.userId)
        && DeviceRepository(m_context.db).recordSignIn(proven.device.signingKey, nowMs)
        && m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::SignInSucceeded),
            QStringLiteral("user=%1 device=%2 via=%3")
                .arg(proven.account.userId, fingerprint, QLatin1String(via)));
    if (!stored || !tx->commit()) {
        session.fail(request, WireError::Internal, signInFailedMessage());
        return;
    }
    session.signIn(SignedInDevice {
        proven.account.userId, proven.account.displayName, proven.account.role, proven.device.signingKey });
    m_context.hub.signedIn(session);

    QCborMap body;
    body.insert(QLatin1String("user"), proven.account.userId);
    body.insert(QLatin1String("name"), proven.account.displayName);
    body.insert(QLatin1String("role"), crypto::credential::roleName(proven.account.role));
    body.insert(QLatin1String("serverName"), m_context.identity.name);
    // The token must reach the device, and the wire has no other form for it than a byte string.
    body.insert(QLatin1String("resumeToken"),
        QByteArray(token->token.chars(), static_cast<qsizetype>(token->token.size())));
    body.insert(QLatin1String("resumeExpiresMs"), static_cast<qint64>(token->expiresMs));
    session.reply(request, body);
}

void SignInService::whoAmI(Session& session, const protocol::Message& request)
{
    const SignedInDevice& device = *session.device();
    auto account = AccountRepository(m_context.db).find(device.userId);
    if (!account || !account.value()) {
        session.fail(
            request, WireError::Internal, QStringLiteral("Your account could not be read. Try again."));
        return;
    }
    QCborMap body;
    body.insert(QLatin1String("user"), device.userId);
    body.insert(QLatin1String("name"), account.value()->displayName);
    body.insert(QLatin1String("role"), crypto::credential::roleName(account.value()->role));
    body.insert(QLatin1String("serverName"), m_context.identity.name);
    body.insert(QLatin1String("deviceFingerprint"), deviceFingerprint(device.signingKey));
    if (!account.value()->roomId.isEmpty()) {
        body.insert(QLatin1String("room"), account.value()->roomId);
    }
    session.reply(request, body);
}

} // namespace ward::server
