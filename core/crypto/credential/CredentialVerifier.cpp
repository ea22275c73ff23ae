#include "crypto/credential/CredentialVerifier.h"

#include "crypto/credential/Validity.h"

#include <utility>

namespace ward::crypto::credential {

namespace {

CredentialError refuse(CredentialProblem problem, const QString& message)
{
    return credentialError(problem, message);
}

} // namespace

CredentialVerifier::CredentialVerifier(QByteArray organisationKey, std::uint64_t revocationVersionSeen)
    : m_organisationKey(std::move(organisationKey))
    , m_versionSeen(revocationVersionSeen)
{ }

CredentialResult<RevocationList> CredentialVerifier::acceptRevocations(const QByteArray& bytes)
{
    auto list = RevocationList::parse(bytes);
    if (!list) {
        return list.error();
    }
    if (list->fields().organisationKey != m_organisationKey) {
        return refuse(CredentialProblem::WrongOrganisation,
            QStringLiteral("The revocation list belongs to a different organisation than the one this device "
                           "trusts. Get the list from your own clinic."));
    }
    if (!list->signedBy(m_organisationKey)) {
        return refuse(CredentialProblem::BadRevocationSignature,
            QStringLiteral("The revocation list's signature is not valid; it may have been altered. Ward "
                           "kept the list it had; get a fresh copy from the clinic."));
    }
    const std::uint64_t version = list->version();
    if (version < m_versionSeen) {
        return refuse(CredentialProblem::StaleRevocationList,
            QStringLiteral("The revocation list is version %1, older than version %2 that this device has "
                           "already seen; an old list could hide revocations, so Ward kept the newer one.")
                .arg(version)
                .arg(m_versionSeen));
    }
    if (version == m_versionSeen && m_revocations && m_revocations->body() != list->body()) {
        return refuse(CredentialProblem::StaleRevocationList,
            QStringLiteral("The revocation list claims version %1 but differs from the version %1 this "
                           "device already has. Ward kept the one it had; tell the clinic's IT team.")
                .arg(version));
    }
    m_versionSeen = version;
    m_revocations = list.value();
    return list;
}

CredentialResult<Credential> CredentialVerifier::verify(
    const QByteArray& bytes, const CredentialExpectations& expect) const
{
    auto credential = Credential::parse(bytes);
    if (!credential) {
        return credential.error();
    }
    return verify(credential.value(), expect);
}

CredentialResult<Credential> CredentialVerifier::verify(
    const Credential& credential, const CredentialExpectations& expect) const
{
    if (auto problem = checkIssuer(credential.issuer(), expect.now)) {
        return *problem;
    }
    if (auto problem = checkCredential(credential, expect)) {
        return *problem;
    }
    return credential;
}

std::optional<CredentialError> CredentialVerifier::checkIssuer(
    const IssuerCertificate& issuer, std::int64_t now) const
{
    const IssuerFields& f = issuer.fields();
    if (f.organisationKey != m_organisationKey) {
        return refuse(CredentialProblem::WrongOrganisation,
            // The name in the certificate is not quoted: nothing vouches for it.
            QStringLiteral("The credential was issued by an organisation this device does not trust. Do not "
                           "rely on this person's identity; contact your clinic."));
    }
    if (!issuer.signedBy(m_organisationKey)) {
        return refuse(CredentialProblem::BadRootSignature,
            QStringLiteral("The credential's issuer certificate was not signed by the clinic's organisation "
                           "key; it may be forged. Do not rely on this person's identity."));
    }
    if (f.validity.notYetValidAt(now)) {
        return refuse(CredentialProblem::IssuerNotYetValid,
            QStringLiteral("The clinic's issuing key is not valid until %1. Check that this computer's date "
                           "and time are right.")
                .arg(utcText(f.validity.notBefore)));
    }
    if (f.validity.expiredAt(now)) {
        return refuse(CredentialProblem::IssuerExpired,
            QStringLiteral("The clinic's issuing key expired on %1; the clinic must issue a new credential.")
                .arg(utcText(f.validity.notAfter)));
    }
    if (m_revocations && m_revocations->revokesIssuer(f.issuingKey)) {
        return refuse(CredentialProblem::IssuerRevoked,
            QStringLiteral("The clinic has withdrawn the key that issued this credential. Do not rely on "
                           "this person's identity until they have a new credential."));
    }
    return std::nullopt;
}

std::optional<CredentialError> CredentialVerifier::checkCredential(
    const Credential& credential, const CredentialExpectations& expect) const
{
    const CredentialFields& f = credential.fields();
    if (f.issuerKey != credential.issuer().fields().issuingKey) {
        return refuse(CredentialProblem::IssuerMismatch,
            QStringLiteral("The credential names a different issuing key than the certificate it carries. "
                           "Do not rely on this person's identity."));
    }
    if (!credential.signedBy(f.issuerKey)) {
        return refuse(CredentialProblem::BadIssuerSignature,
            QStringLiteral("The credential's signature is not valid; it may have been altered. Do not rely "
                           "on this person's identity."));
    }
    if (f.validity.notYetValidAt(expect.now)) {
        return refuse(CredentialProblem::NotYetValid,
            QStringLiteral("The credential is not valid until %1. Check that this computer's date and time "
                           "are right.")
                .arg(utcText(f.validity.notBefore)));
    }
    if (f.validity.expiredAt(expect.now)) {
        return refuse(CredentialProblem::Expired,
            QStringLiteral("The credential expired on %1; ask the clinic for a new one.")
                .arg(utcText(f.validity.notAfter)));
    }
    if (m_revocations && m_revocations->revokesSerial(f.serial)) {
        return refuse(CredentialProblem::Revoked,
            QStringLiteral("The clinic has revoked this credential (serial %1). Do not rely on this person's "
                           "identity.")
                .arg(f.serial));
    }
    if (expect.role && *expect.role != f.role) {
        return refuse(CredentialProblem::WrongRole,
            QStringLiteral("The credential is for the role %1, not %2.")
                .arg(roleName(f.role), roleName(*expect.role)));
    }
    if (expect.deviceKey && *expect.deviceKey != f.deviceKey) {
        return refuse(CredentialProblem::WrongDevice,
            QStringLiteral("The credential belongs to a different device than the one presenting it. Do "
                           "not rely on this person's identity."));
    }
    return std::nullopt;
}

} // namespace ward::crypto::credential
