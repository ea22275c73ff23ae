// wardctl's exit statuses, which scripts rely on, and the one place an Error becomes one.
#pragma once

#include "common/Result.h"

namespace ward::ctl {

enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,
    kExitUsage = 2,
    kExitWrongPassphrase = 3,
    kExitThrottled = 4,
};

// Prints the error as one line on stderr and returns the matching status.
int fail(const Error& error);
int usage(const QString& message);

} // namespace ward::ctl
