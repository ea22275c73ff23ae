#include "services/EnrolmentService.h"

#include "Invitations.h"
#include "RequestRouter.h"
#include "ServerAuditEvent.h"
#include "ServerContext.h"
#include "Session.h"
#include "crypto/DeviceIdentity.h"
#include "crypto/credential/Credential.h"
#include "crypto/otp/Base32.h"
#include "crypto/otp/OtpAuthUri.h"
#include "protocol/AuthStatement.h"
#include "protocol/BodyReader.h"
#include "protocol/EnrolmentLink.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "services/AuthSupport.h"
#include "services/DirectoryAnnouncer.h"
#include "services/SignInThrottle.h"
#include "store/AccountRepository.h"
#include "store/AuditLog.h"
#include "store/Transaction.h"

#include <algorithm>

namespace ward::server {

using crypto::credential::Role;
using crypto::credential::roleName;
using protocol::WireError;

namespace {

// Base32 of kInvitationCodeBytes is 32 characters; room for spaces people may leave in.
constexpr qsizetype kMaxCodeChars = 64;
constexpr qsizetype kMaxTotpChars = 16;
constexpr std::int64_t kCredentialLifetimeSeconds = 365LL * 24 * 3600;
// A credential is valid from a few minutes back, so a device whose clock runs a little slow accepts it.
constexpr std::int64_t kCredentialClockSlackSeconds = 300;

QString storeFailure()
{
    return QStringLiteral("Enrolment failed because of a problem on the server. Try again in a minute.");
}

} // namespace

EnrolmentService::EnrolmentService(ServerContext& context, std::shared_ptr<SignInThrottle> throttle)
    : m_context(context)
    , m_throttle(std::move(throttle))
    , m_gate(context, *m_throttle)
{
    m_context.hub.onClosed([this](Session& session) { release(session.id()); });
}

void EnrolmentService::registerRoutes(RequestRouter& router)
{
    router.add(protocol::type::kEnrol, Access::Anyone, {},
        [this](Session& session, const protocol::Message& request) { enrol(session, request); });
    router.add(protocol::type::kEnrolConfirm, Access::Anyone, {},
        [this](Session& session, const protocol::Message& request) { confirm(session, request); });
}

void EnrolmentService::release(std::uint64_t sessionId)
{
    const auto pending = m_pending.find(sessionId);
    if (pending == m_pending.end()) {
        return;
    }
    m_reserved.remove(pending->second.invitation.codeHash);
    m_pending.erase(pending);
}

void EnrolmentService::refuse(Session& session, const protocol::Message& request, WireError code,
    const QString& message, const char* reason)
{
    (void)m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::EnrolmentFailed),
        QStringLiteral("reason=%1").arg(QLatin1String(reason)));
    session.fail(request, code, message);
}

std::optional<Invitation> EnrolmentService::usableInvitation(
    Session& session, const protocol::Message& request)
{
    auto codeText = protocol::BodyReader(request.body).text("code", kMaxCodeChars);
    if (!codeText) {
        refuseMalformed(m_context, session, request, codeText.error());
        return std::nullopt;
    }
    auto code = crypto::otp::base32Decode(secretFromText(*codeText));
    if (!code || code->size() != protocol::kInvitationCodeBytes) {
        refuse(session, request, WireError::Invalid,
            QStringLiteral(
                "The invitation code is damaged. Open the invitation link again, or ask your clinic "
                "for a new one."),
            "code");
        return std::nullopt;
    }
    const QByteArray codeHash = invitationCodeHash(code.value());
    auto invitation = InvitationRepository(m_context.db).find(codeHash);
    if (!invitation) {
        refuse(session, request, WireError::Internal, storeFailure(), "store");
        return std::nullopt;
    }
    if (!invitation.value()) {
        refuse(session, request, WireError::NotFound,
            QStringLiteral(
                "This clinic has no such invitation. Check that the link is the one your clinic sent."),
            "unknown-invitation");
        return std::nullopt;
    }
    if (invitation.value()->usedMs) {
        refuse(session, request, WireError::Used,
            QStringLiteral("This invitation was already used. Ask your clinic for a new one."), "used");
        return std::nullopt;
    }
    if (m_context.clock() > invitation.value()->expiresMs) {
        refuse(session, request, WireError::Expired,
            QStringLiteral("This invitation has expired. Ask your clinic for a new one."), "expired");
        return std::nullopt;
    }
    const auto reservedBy = m_reserved.constFind(codeHash);
    if (reservedBy != m_reserved.constEnd() && *reservedBy != session.id()) {
        refuse(session, request, WireError::Used,
            QStringLiteral("This invitation is being used on another device right now. Finish there, or ask "
                           "your clinic for a new one."),
            "reserved");
        return std::nullopt;
    }
    return std::move(*invitation.value());
}

void EnrolmentService::enrol(Session& session, const protocol::Message& request)
{
    const protocol::BodyReader body(request.body);
    auto nonce = body.bytes("nonce", protocol::kNonceBytes);
    auto signingKey = body.bytes("signingKey", static_cast<qsizetype>(crypto::kPublicKeyBytes));
    auto staticKey = body.bytes("staticKey", static_cast<qsizetype>(crypto::kPublicKeyBytes));
    auto staticKeySignature
        = body.bytes("staticKeySignature", static_cast<qsizetype>(crypto::kSignatureBytes));
    auto signature = body.bytes("signature", static_cast<qsizetype>(crypto::kSignatureBytes));
    for (const auto* field : { &nonce, &signingKey, &staticKey, &staticKeySignature, &signature }) {
        if (!*field) {
            refuseMalformed(m_context, session, request, field->error());
            return;
        }
    }
    auto deviceName = body.text("deviceName", protocol::kMaxNameChars);
    if (!deviceName) {
        refuseMalformed(m_context, session, request, deviceName.error());
        return;
    }
    // A second enrol on this connection starts over.
    release(session.id());
    if (auto fresh = session.consumeChallenge(nonce.value(), m_context.clock()); !fresh) {
        refuse(session, request, fresh.error().wire, fresh.error().message, "challenge");
        return;
    }
    auto invitation = usableInvitation(session, request);
    if (!invitation) {
        return;
    }
    const crypto::DeviceIdentityPublic identity { signingKey.value(), staticKey.value(),
        staticKeySignature.value() };
    if (!identity.verify()) {
        refuse(session, request, WireError::Invalid,
            QStringLiteral("The device's keys do not belong together. Restart the enrolment."), "static-key");
        return;
    }
    const QByteArray statement = protocol::authStatement(
        protocol::AuthPurpose::Enrol, m_context.identity.certificatePin, nonce.value());
    if (!crypto::verifySignature(signingKey.value(), statement, signature.value())) {
        refuse(session, request, WireError::Invalid,
            QStringLiteral(
                "The device's signature does not check out. If this keeps happening, the connection "
                "may not be reaching your clinic's real server."),
            "signature");
        return;
    }
    auto enrolled = DeviceRepository(m_context.db).find(signingKey.value());
    auto existing = AccountRepository(m_context.db).find(invitation->userId);
    if (!enrolled || !existing) {
        refuse(session, request, WireError::Internal, storeFailure(), "store");
        return;
    }
    if (enrolled.value()) {
        refuse(session, request, WireError::Invalid,
            QStringLiteral("This device is already enrolled. Sign in instead."), "device-enrolled");
        return;
    }
    if (existing.value() && existing.value()->role != invitation->role) {
        refuse(session, request, WireError::Invalid,
            QStringLiteral(
                "This invitation does not match the account's role. Ask your clinic for a new one."),
            "role");
        return;
    }
    DeviceRecord device { identity.signingKey, invitation->userId, identity.staticKey,
        identity.staticKeySignature, deviceName.value().trimmed(), {}, m_context.clock(), std::nullopt,
        std::nullopt };
    if (invitation->role == Role::Patient) {
        enrolPatient(session, request, *invitation, std::move(device), std::move(existing.value()));
    } else {
        reserve(session, request, *invitation, std::move(device), std::move(existing.value()));
    }
}

Status EnrolmentService::store(const Invitation& invitation, const DeviceRecord& device,
    const std::optional<Account>& existing, const crypto::SecretBytes& newTotpSecret,
    std::optional<std::uint64_t> totpStep)
{
    const std::int64_t nowMs = m_context.clock();
    auto tx = store::Transaction::begin(m_context.db);
    if (!tx) {
        return tx.error();
    }
    AccountRepository accounts(m_context.db);
    if (!existing) {
        Account account;
        account.userId = invitation.userId;
        account.displayName = invitation.displayName;
        account.role = invitation.role;
        account.createdMs = nowMs;
        account.roomId = invitation.roomId;
        if (auto created = accounts.create(account); !created) {
            return created.error();
        }
    }
    if (!newTotpSecret.empty()) {
        if (auto saved = accounts.setTotpSecret(invitation.userId, newTotpSecret); !saved) {
            return saved.error();
        }
    }
    if (totpStep) {
        if (auto saved = accounts.setTotpLastStep(invitation.userId, *totpStep); !saved) {
            return saved.error();
        }
    }
    if (auto added = DeviceRepository(m_context.db).add(device); !added) {
        return added.error();
    }
    if (auto used = InvitationRepository(m_context.db).markUsed(invitation.codeHash, nowMs); !used) {
        return used.error();
    }
    const QString detail
        = QStringLiteral("user=%1 device=%2").arg(invitation.userId, deviceFingerprint(device.signingKey));
    if (auto logged
        = m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::EnrolmentCompleted), detail);
        !logged) {
        return logged.error();
    }
    if (existing) {
        if (auto logged
            = m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::DeviceAdded), detail);
            !logged) {
            return logged.error();
        }
    }
    return tx->commit();
}

QCborMap EnrolmentService::replyBody(
    const Invitation& invitation, const std::optional<Account>& existing, const DeviceRecord& device) const
{
    QCborMap body;
    body.insert(QLatin1String("user"), invitation.userId);
    body.insert(QLatin1String("name"), existing ? existing->displayName : invitation.displayName);
    body.insert(QLatin1String("role"), roleName(invitation.role));
    body.insert(QLatin1String("serverName"), m_context.identity.name);
    body.insert(QLatin1String("organisationKey"), m_context.identity.organisationKey);
    body.insert(QLatin1String("issuerCertificate"), m_context.identity.issuerCertificate.encode());
    if (!device.credential.isEmpty()) {
        body.insert(QLatin1String("credential"), device.credential);
    }
    const QString room = existing ? existing->roomId : invitation.roomId;
    if (!room.isEmpty()) {
        body.insert(QLatin1String("room"), room);
    }
    return body;
}

void EnrolmentService::enrolPatient(Session& session, const protocol::Message& request,
    const Invitation& invitation, DeviceRecord device, std::optional<Account> existing)
{
    if (!store(invitation, device, existing, crypto::SecretBytes {}, std::nullopt)) {
        refuse(session, request, WireError::Internal, storeFailure(), "store");
        return;
    }
    if (existing) {
        announceDeviceChange(m_context, invitation.userId);
    }
    session.reply(request, replyBody(invitation, existing, device));
}

void EnrolmentService::reserve(Session& session, const protocol::Message& request,
    const Invitation& invitation, DeviceRecord device, std::optional<Account> existing)
{
    const std::int64_t nowSeconds = m_context.clock() / 1000;
    const crypto::credential::CredentialFields fields { crypto::credential::Credential::randomSerial(),
        invitation.userId, existing ? existing->displayName : invitation.displayName, invitation.role,
        device.signingKey, m_context.identity.issuingKey.publicKey(),
        crypto::credential::Validity {
            nowSeconds - kCredentialClockSlackSeconds, nowSeconds + kCredentialLifetimeSeconds } };
    auto credential = crypto::credential::Credential::issue(
        fields, m_context.identity.issuingKey, m_context.identity.issuerCertificate);
    if (!credential) {
        refuse(session, request, WireError::Internal, storeFailure(), "credential");
        return;
    }
    device.credential = credential->encode();

    QCborMap body = replyBody(invitation, existing, device);
    Pending pending { invitation, std::move(device), std::move(existing), {} };
    if (!pending.existing || !pending.existing->hasTotp) {
        auto otp = crypto::otp::OtpAuthUri::generate(m_context.identity.name, invitation.userId, {});
        auto uri = otp.build();
        if (!uri) {
            refuse(session, request, WireError::Internal, storeFailure(), "totp");
            return;
        }
        // The authenticator needs the secret once, as text on this (TLS) connection.
        body.insert(
            QLatin1String("totpUri"), QString::fromLatin1(uri->chars(), static_cast<qsizetype>(uri->size())));
        pending.newTotpSecret = std::move(otp.secret);
    }
    m_reserved.insert(invitation.codeHash, session.id());
    m_pending.insert_or_assign(session.id(), std::move(pending));
    session.reply(request, body);
}

void EnrolmentService::confirm(Session& session, const protocol::Message& request)
{
    const auto found = m_pending.find(session.id());
    if (found == m_pending.end()) {
        session.fail(request, WireError::Invalid,
            QStringLiteral("No enrolment is waiting for a code on this connection. Start again from the "
                           "invitation."));
        return;
    }
    Pending& pending = found->second;
    auto codeText = protocol::BodyReader(request.body).text("totp", kMaxTotpChars);
    if (!codeText) {
        refuseMalformed(m_context, session, request, codeText.error());
        return;
    }
    const QString address = session.peerAddress();
    const std::int64_t nowMs = m_context.clock();
    const QByteArray codeHash = pending.invitation.codeHash;
    std::optional<Account> account;
    if (pending.existing) {
        // Fresh from the store: the account's failure count and last TOTP step move with every attempt.
        auto reloaded = AccountRepository(m_context.db).find(pending.existing->userId);
        if (!reloaded || !reloaded.value()) {
            refuse(session, request, WireError::Internal, storeFailure(), "store");
            return;
        }
        account = std::move(reloaded.value());
        if (account->lockedMs) {
            session.fail(request, WireError::Locked,
                QStringLiteral("This account is locked after too many failed sign-ins. Ask your clinic's "
                               "administrator to unlock it."));
            return;
        }
    }
    std::int64_t wait = m_gate.retryAfterMs(address, account ? &*account : nullptr);
    wait = std::max(wait, m_newAccountFailures.value(codeHash).nextAttemptMs - nowMs);
    if (wait > 0) {
        m_gate.refuseThrottled(session, request, wait);
        return;
    }
    crypto::SecretBytes secret;
    if (!pending.newTotpSecret.empty()) {
        secret = pending.newTotpSecret.clone();
    } else {
        auto stored = AccountRepository(m_context.db).totpSecret(pending.invitation.userId);
        if (!stored || stored->empty()) {
            refuse(session, request, WireError::Internal, storeFailure(), "store");
            return;
        }
        secret = std::move(stored.value());
    }
    auto step = verifyTotpCode(
        secret, secretFromText(codeText.value()), nowMs, account ? account->totpLastStep : std::nullopt);
    if (!step) {
        m_gate.recordFailure(
            address, account ? &*account : nullptr, QStringLiteral("enrol-totp"), pending.invitation.userId);
        if (!account) {
            Failures& failures = m_newAccountFailures[codeHash];
            failures.count = std::min(failures.count + 1, SignInThrottle::kLockAfterFailures);
            failures.nextAttemptMs = nowMs + SignInThrottle::delayAfterFailures(failures.count);
        }
        session.fail(request, WireError::WrongCode, step.error().message);
        return;
    }
    if (!store(pending.invitation, pending.device, pending.existing, pending.newTotpSecret, step.value())) {
        refuse(session, request, WireError::Internal, storeFailure(), "store");
        return;
    }
    const QString userId = pending.invitation.userId;
    const bool furtherDevice = pending.existing.has_value();
    m_newAccountFailures.remove(codeHash);
    release(session.id());
    if (furtherDevice) {
        (void)m_gate.recordSuccess(userId);
        announceDeviceChange(m_context, userId);
    }
    session.reply(request);
}

} // namespace ward::server
