// Result<T>: a value or an Error, for every fallible call in core. No exceptions cross module boundaries.
// Error messages are plain sentences for a person (what happened, what to do next); they never
// contain a secret, and callers that log them must not add PHI.
#pragma once

#include <QString>

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

namespace ward {

enum class ErrorCode {
    InvalidArgument,
    WrongPassphrase,
    Throttled,
    PassphraseRejected,
    NotFound,
    Corrupt,
    TooNew,
    Io,
    DiskFull,
    ReadOnly,
    Crypto,
    Unsafe,
    WrongCode, // a one-time code (TOTP) that matches nothing
    Replayed, // a one-time value presented again
    Internal,
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
};

inline Error makeError(ErrorCode code, QString message)
{
    return Error { code, std::move(message) };
}

// E is Error or a type derived from it that carries more detail for callers that branch on the reason
// (credential verification's CredentialError); it converts to a plain Error for callers that only report.
template <typename T, typename E = Error> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_state(std::move(value))
    { } // NOLINT(google-explicit-constructor)
    Result(E error)
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
    // By value, so that `for (auto& x : f().value())` does not read a destroyed temporary.
    T value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_state));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }

    const E& error() const
    {
        assert(!ok());
        return std::get<E>(m_state);
    }

private:
    std::variant<T, E> m_state;
};

template <typename E> class [[nodiscard]] Result<void, E> {
public:
    Result() = default;
    Result(E error)
        : m_error(std::move(error))
    { } // NOLINT(google-explicit-constructor)

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const E& error() const
    {
        assert(!ok());
        return *m_error;
    }

private:
    std::optional<E> m_error;
};

using Status = Result<void>;

} // namespace ward
