// Every way a clinic credential, its issuer certificate or a revocation list can be refused, one value per
// reason, so that callers and tests never parse a sentence. The sentence for a person travels beside it in
// CredentialError (CredentialResult.h).
#pragma once

#include "common/Result.h"

#include <QString>

namespace ward::crypto::credential {

enum class CredentialProblem {
    Malformed, // not a well-formed, canonical, size-limited Ward object of the expected kind
    UnsupportedVersion, // a format version newer than this code understands
    WrongOrganisation, // names an organisation key other than the one this device trusts
    BadRootSignature, // the issuer certificate's signature does not verify under the organisation key
    IssuerNotYetValid,
    IssuerExpired,
    IssuerRevoked, // the organisation revoked the issuing key
    IssuerMismatch, // the credential names an issuing key other than the one its certificate certifies
    BadIssuerSignature, // the credential's signature does not verify under the issuing key
    NotYetValid,
    Expired,
    Revoked, // the credential's serial is on the revocation list
    WrongRole,
    WrongDevice,
    BadRevocationSignature, // the revocation list's signature does not verify under the organisation key
    StaleRevocationList, // older than (or conflicting with) a revocation list already seen
};

// A stable lower-case name ("bad-root-signature"), for logs, audit entries and tests.
QString problemName(CredentialProblem problem);

// The ErrorCode that goes with a problem: Corrupt for damaged bytes, TooNew for a newer format, Crypto for a
// signature that does not verify, Unsafe for an object that is genuine but must not be trusted now.
ErrorCode errorCodeFor(CredentialProblem problem);

} // namespace ward::crypto::credential
