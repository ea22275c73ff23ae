#include "ExitCode.h"

#include <cstdio>

namespace ward::ctl {

int fail(const Error& error)
{
    std::fprintf(stderr, "wardctl: %s\n", error.message.toUtf8().constData());
    switch (error.code) {
    case ErrorCode::WrongPassphrase:
        return kExitWrongPassphrase;
    case ErrorCode::Throttled:
        return kExitThrottled;
    default:
        return kExitFailure;
    }
}

int usage(const QString& message)
{
    std::fprintf(stderr, "wardctl: %s (see wardctl --help)\n", message.toUtf8().constData());
    return kExitUsage;
}

} // namespace ward::ctl
