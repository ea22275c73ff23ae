#include "net/VisitReason.h"

#include "crypto/DeviceIdentity.h"
#include "crypto/SealedBox.h"
#include "crypto/credential/CredentialVerifier.h"
#include "protocol/BodyReader.h"
#include "protocol/ProtocolLimits.h"

#include <optional>

namespace ward::net {

namespace {

// The static key of a device the patient may seal to, or nothing.
std::optional<QByteArray> trustedStaticKey(
    const protocol::BodyReader& device, const QByteArray& organisationKey, std::int64_t now)
{
    if (device.has("revokedMs")) {
        return std::nullopt;
    }
    auto signingKey = device.bytes("signingKey", 32);
    auto staticKey = device.bytes("staticKey", 32);
    auto signature = device.bytes("staticKeySignature", 64);
    auto credential = device.blob("credential", crypto::credential::kMaxCredentialBytes);
    if (!signingKey || !staticKey || !signature || !credential) {
        return std::nullopt;
    }
    const crypto::DeviceIdentityPublic identity { signingKey.value(), staticKey.value(), signature.value() };
    if (!identity.verify()) {
        return std::nullopt;
    }
    const crypto::credential::CredentialVerifier verifier(organisationKey);
    auto verified = verifier.verify(credential.value(),
        crypto::credential::CredentialExpectations { now, std::nullopt, signingKey.value() });
    if (!verified || verified->fields().role == crypto::credential::Role::Patient) {
        return std::nullopt;
    }
    return staticKey.value();
}

} // namespace

Result<QCborArray> sealVisitReason(const QCborArray& devices, const QByteArray& organisationKey,
    const crypto::SecretBytes& reason, std::int64_t nowSeconds)
{
    if (reason.empty() || reason.size() > crypto::kMaxSealedBoxPlaintextBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The reason for the visit must be 1 to %1 bytes long.")
                .arg(crypto::kMaxSealedBoxPlaintextBytes));
    }
    QCborArray reasons;
    for (const QCborValue& value : devices) {
        const QCborMap device = value.toMap();
        const auto staticKey = trustedStaticKey(protocol::BodyReader(device), organisationKey, nowSeconds);
        if (!staticKey || reasons.size() >= protocol::kMaxReasonRecipients) {
            continue;
        }
        auto sealed = crypto::sealToStaticKey(*staticKey, reason);
        if (!sealed) {
            return sealed.error();
        }
        QCborMap entry;
        entry.insert(QLatin1String("device"), device.value(QLatin1String("signingKey")));
        entry.insert(QLatin1String("sealed"), sealed.value());
        reasons.append(entry);
    }
    if (reasons.isEmpty()) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral(
                "The clinician has no device this computer can trust with the reason for the visit. "
                "Ask the clinic."));
    }
    return reasons;
}

crypto::SecretBytes openVisitReason(const QCborMap& entry, const crypto::DeviceIdentity& identity)
{
    auto reasons = protocol::BodyReader(entry).mapArray("reasons", protocol::kMaxReasonRecipients);
    if (!reasons) {
        return {};
    }
    for (const QCborValue& value : reasons.value()) {
        const protocol::BodyReader reason(value.toMap());
        auto device = reason.bytes("device", 32);
        auto sealed = reason.blob("sealed", protocol::kMaxSealedReasonBytes);
        if (device && sealed && device.value() == identity.publicIdentity().signingKey) {
            auto opened = crypto::openSealedBox(identity.staticSecret(), sealed.value());
            if (opened) {
                return std::move(opened).value();
            }
        }
    }
    return {};
}

} // namespace ward::net
