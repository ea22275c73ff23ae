// Decides whether a clinic credential may be trusted: the whole chain (pinned organisation key -> issuer
// certificate -> credential), both validity periods at the given time, revocation of the credential's
// serial and of its issuing key, and, when the caller says what it expects, the role and the device key.
// Each refusal is one CredentialProblem with a sentence for a person.
//
// The verifier remembers the highest revocation-list version it has accepted and refuses an older one, so
// an attacker who replays an old list cannot un-revoke anything. A caller that persists state stores
// revocationVersionSeen() and passes it back to the constructor. Not thread-safe; use one per thread.
#pragma once

#include "crypto/credential/Credential.h"
#include "crypto/credential/CredentialResult.h"
#include "crypto/credential/RevocationList.h"
#include "crypto/credential/Role.h"

#include <QByteArray>

#include <cstdint>
#include <optional>

namespace ward::crypto::credential {

struct CredentialExpectations {
    std::int64_t now = 0; // UTC seconds
    std::optional<Role> role; // when set, the credential must grant exactly this role
    std::optional<QByteArray> deviceKey; // when set, the credential must bind exactly this device key
};

class CredentialVerifier {
public:
    // `organisationKey` is the 32-byte root public key the device pinned at enrolment.
    explicit CredentialVerifier(QByteArray organisationKey, std::uint64_t revocationVersionSeen = 0);

    // Checks the list's structure, organisation, root signature and version. A list older than the newest
    // seen is refused (StaleRevocationList), as is a different list with the same version; on success it
    // becomes the list verify() consults.
    CredentialResult<RevocationList> acceptRevocations(const QByteArray& bytes);
    std::uint64_t revocationVersionSeen() const { return m_versionSeen; }
    const std::optional<RevocationList>& revocations() const { return m_revocations; }

    CredentialResult<Credential> verify(const QByteArray& bytes, const CredentialExpectations& expect) const;
    CredentialResult<Credential> verify(
        const Credential& credential, const CredentialExpectations& expect) const;

private:
    std::optional<CredentialError> checkIssuer(const IssuerCertificate& issuer, std::int64_t now) const;
    std::optional<CredentialError> checkCredential(
        const Credential& credential, const CredentialExpectations& expect) const;

    QByteArray m_organisationKey;
    std::uint64_t m_versionSeen = 0;
    std::optional<RevocationList> m_revocations;
};

} // namespace ward::crypto::credential
