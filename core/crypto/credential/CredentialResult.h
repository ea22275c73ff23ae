// CredentialResult<T>: a value, or the reason it was refused (a CredentialProblem) together with a plain
// sentence for a person (an Error whose code follows errorCodeFor). It converts to ward::Error for callers
// that only report.
#pragma once

#include "common/Result.h"
#include "crypto/credential/CredentialProblem.h"

#include <cassert>
#include <utility>
#include <variant>

namespace ward::crypto::credential {

struct CredentialError {
    CredentialProblem problem = CredentialProblem::Malformed;
    Error error;
};

inline CredentialError credentialError(CredentialProblem problem, QString message)
{
    return CredentialError { problem, makeError(errorCodeFor(problem), std::move(message)) };
}

template <typename T> class [[nodiscard]] CredentialResult {
public:
    CredentialResult(T value)
        : m_state(std::move(value))
    { } // NOLINT(google-explicit-constructor)
    CredentialResult(CredentialError error)
        : m_state(std::move(error))
    { } // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    const T& value() const&
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    T value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_state));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const CredentialError& failure() const
    {
        assert(!ok());
        return std::get<CredentialError>(m_state);
    }
    CredentialProblem problem() const { return failure().problem; }
    const Error& error() const { return failure().error; }

private:
    std::variant<T, CredentialError> m_state;
};

} // namespace ward::crypto::credential
