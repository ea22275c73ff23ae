#include "net/EnrolmentReply.h"

#include "crypto/credential/CredentialVerifier.h"
#include "crypto/credential/IssuerCertificate.h"
#include "crypto/otp/OtpAuthUri.h"
#include "protocol/BodyReader.h"
#include "protocol/ProtocolLimits.h"

namespace ward::net {

namespace {

namespace cred = crypto::credential;

Error malformed(const QString& detail)
{
    return makeError(ErrorCode::InvalidArgument,
        QStringLiteral("The server's answer to the enrolment could not be read (%1). Try again later or call "
                       "the clinic.")
            .arg(detail));
}

Error untrusted(const QString& what)
{
    return makeError(ErrorCode::Crypto,
        QStringLiteral("%1 Do not continue: call the clinic and tell them enrolment failed.").arg(what));
}

Status checkIssuer(const QByteArray& organisationKey, const QByteArray& encoded, std::int64_t now)
{
    auto issuer = cred::IssuerCertificate::parse(encoded);
    if (!issuer) {
        return untrusted(QStringLiteral("The clinic's issuer certificate is damaged."));
    }
    if (issuer->fields().organisationKey != organisationKey || !issuer->signedBy(organisationKey)) {
        return untrusted(
            QStringLiteral("The clinic's issuer certificate is not signed by the clinic's key."));
    }
    const cred::Validity& validity = issuer->fields().validity;
    if (validity.notYetValidAt(now) || validity.expiredAt(now)) {
        return untrusted(QStringLiteral("The clinic's issuer certificate is not valid at this time."));
    }
    return {};
}

} // namespace

Result<EnrolmentReply> checkEnrolmentReply(const QCborMap& body, const protocol::EnrolmentLink& link,
    const QByteArray& deviceSigningKey, std::int64_t nowSeconds)
{
    const protocol::BodyReader reader(body);
    auto user = reader.userId("user");
    auto name = reader.text("name", protocol::kMaxNameChars);
    auto roleText = reader.text("role", 16);
    auto serverName = reader.text("serverName", protocol::kMaxNameChars);
    auto organisationKey = reader.bytes("organisationKey", 32);
    auto issuer = reader.blob("issuerCertificate", cred::kMaxIssuerCertificateBytes);
    auto room
        = reader.has("room") ? reader.userId("room") : Result<QString, protocol::ProtocolError>(QString());
    for (const auto* problem : { user ? nullptr : &user.error(), name ? nullptr : &name.error(),
             roleText ? nullptr : &roleText.error(), serverName ? nullptr : &serverName.error(),
             organisationKey ? nullptr : &organisationKey.error(), issuer ? nullptr : &issuer.error(),
             room ? nullptr : &room.error() }) {
        if (problem != nullptr) {
            return malformed(problem->message);
        }
    }
    const auto role = cred::parseRole(roleText.value());
    if (!role) {
        return malformed(QStringLiteral("unknown role"));
    }

    // The invitation pinned the organisation key's fingerprint; everything else hangs from that key.
    if (protocol::organisationFingerprintBytes(organisationKey.value()) != link.organisationFingerprint) {
        return untrusted(
            QStringLiteral("The clinic's organisation key is not the one the invitation names."));
    }
    if (auto status = checkIssuer(organisationKey.value(), issuer.value(), nowSeconds); !status) {
        return status.error();
    }

    EnrolmentReply reply;
    ServerAccount& account = reply.account;
    account.host = link.host;
    account.port = link.port;
    account.certificatePin = link.certificatePin;
    account.organisationKey = organisationKey.value();
    account.issuerCertificate = issuer.value();
    account.serverName = serverName.value();
    account.userId = user.value();
    account.displayName = name.value();
    account.role = *role;
    account.room = room.value();

    if (account.needsTotp()) {
        auto credential = reader.blob("credential", cred::kMaxCredentialBytes);
        if (!credential) {
            return malformed(credential.error().message);
        }
        const cred::CredentialVerifier verifier(account.organisationKey);
        auto verified = verifier.verify(
            credential.value(), cred::CredentialExpectations { nowSeconds, account.role, deviceSigningKey });
        if (!verified) {
            return untrusted(QStringLiteral("The clinic credential for this device does not verify: %1")
                                 .arg(verified.error().message));
        }
        if (verified->fields().userId != account.userId) {
            return untrusted(QStringLiteral("The clinic credential names another person."));
        }
        account.credential = credential.value();
        auto uri = reader.optionalText("totpUri", static_cast<qsizetype>(crypto::otp::kMaxOtpAuthUriBytes));
        if (!uri) {
            return malformed(uri.error().message);
        }
        if (uri.value()) {
            const QByteArray text = uri.value()->toLatin1();
            reply.totpUri = crypto::SecretBytes(reinterpret_cast<const std::uint8_t*>(text.constData()),
                static_cast<std::size_t>(text.size()));
            if (!crypto::otp::OtpAuthUri::parse(reply.totpUri)) {
                return malformed(QStringLiteral("the authenticator link is not an otpauth link"));
            }
        }
    }
    return reply;
}

} // namespace ward::net
