#include "crypto/credential/CredentialProblem.h"

namespace ward::crypto::credential {

QString problemName(CredentialProblem problem)
{
    switch (problem) {
    case CredentialProblem::Malformed:
        return QStringLiteral("malformed");
    case CredentialProblem::UnsupportedVersion:
        return QStringLiteral("unsupported-version");
    case CredentialProblem::WrongOrganisation:
        return QStringLiteral("wrong-organisation");
    case CredentialProblem::BadRootSignature:
        return QStringLiteral("bad-root-signature");
    case CredentialProblem::IssuerNotYetValid:
        return QStringLiteral("issuer-not-yet-valid");
    case CredentialProblem::IssuerExpired:
        return QStringLiteral("issuer-expired");
    case CredentialProblem::IssuerRevoked:
        return QStringLiteral("issuer-revoked");
    case CredentialProblem::IssuerMismatch:
        return QStringLiteral("issuer-mismatch");
    case CredentialProblem::BadIssuerSignature:
        return QStringLiteral("bad-issuer-signature");
    case CredentialProblem::NotYetValid:
        return QStringLiteral("not-yet-valid");
    case CredentialProblem::Expired:
        return QStringLiteral("expired");
    case CredentialProblem::Revoked:
        return QStringLiteral("revoked");
    case CredentialProblem::WrongRole:
        return QStringLiteral("wrong-role");
    case CredentialProblem::WrongDevice:
        return QStringLiteral("wrong-device");
    case CredentialProblem::BadRevocationSignature:
        return QStringLiteral("bad-revocation-signature");
    case CredentialProblem::StaleRevocationList:
        return QStringLiteral("stale-revocation-list");
    }
    return QStringLiteral("unknown");
}

ErrorCode errorCodeFor(CredentialProblem problem)
{
    switch (problem) {
    case CredentialProblem::Malformed:
        return ErrorCode::Corrupt;
    case CredentialProblem::UnsupportedVersion:
        return ErrorCode::TooNew;
    case CredentialProblem::BadRootSignature:
    case CredentialProblem::BadIssuerSignature:
    case CredentialProblem::BadRevocationSignature:
        return ErrorCode::Crypto;
    default:
        return ErrorCode::Unsafe;
    }
}

} // namespace ward::crypto::credential
