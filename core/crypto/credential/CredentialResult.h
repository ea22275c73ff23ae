// CredentialResult<T>: a value, or the reason it was refused (a CredentialProblem) together with a plain
// sentence for a person. The error is a ward::Error as well, so callers that only report can pass it on.
#pragma once

#include "common/Result.h"
#include "crypto/credential/CredentialProblem.h"

#include <utility>

namespace ward::crypto::credential {

// An Error (code from errorCodeFor, plain sentence) that also says which check refused.
struct CredentialError : Error {
    CredentialProblem problem = CredentialProblem::Malformed;
};

inline CredentialError credentialError(CredentialProblem problem, QString message)
{
    CredentialError error;
    error.code = errorCodeFor(problem);
    error.message = std::move(message);
    error.problem = problem;
    return error;
}

template <typename T> using CredentialResult = Result<T, CredentialError>;

} // namespace ward::crypto::credential
