#include "services/AuthSupport.h"

#include "ServerContext.h"
#include "Session.h"
#include "crypto/DeviceIdentity.h"
#include "crypto/otp/TotpVerifier.h"

namespace ward::server {

void refuseMalformed(ServerContext& context, Session& session, const protocol::Message& request,
    const protocol::ProtocolError& error)
{
    context.stats.count(error.wire == protocol::WireError::TooLarge ? ServerStats::Counter::TooLarge
                                                                    : ServerStats::Counter::Malformed);
    session.fail(request, error);
}

crypto::SecretBytes secretFromText(const QString& text)
{
    QByteArray bytes = text.toLatin1();
    crypto::SecretBytes secret(
        reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
    bytes.fill('\0');
    return secret;
}

QString deviceFingerprint(const QByteArray& signingKey)
{
    crypto::DeviceIdentityPublic device;
    device.signingKey = signingKey;
    return device.fingerprint();
}

Result<std::uint64_t> verifyTotpCode(const crypto::SecretBytes& secret, const crypto::SecretBytes& code,
    std::int64_t nowMs, std::optional<std::uint64_t> lastAcceptedStep)
{
    auto verifier = crypto::otp::TotpVerifier::create(secret.clone(), crypto::otp::OtpParameters {});
    if (!verifier) {
        return makeError(ErrorCode::Internal,
            QStringLiteral("The authenticator secret stored for this account is unusable; ask your clinic to "
                           "enrol this account again."));
    }
    auto step = verifier->verify(code, nowMs / 1000, lastAcceptedStep);
    if (!step && step.error().code == ErrorCode::Replayed) {
        return makeError(ErrorCode::Replayed,
            QStringLiteral("That code was already used. Wait for the authenticator's next code."));
    }
    if (!step) {
        return makeError(ErrorCode::WrongCode,
            QStringLiteral("That code is not right. Check the authenticator and type the current code."));
    }
    return step.value();
}

} // namespace ward::server
