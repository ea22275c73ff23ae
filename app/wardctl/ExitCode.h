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
    kExitRefused = 5, // the clinic's server refused (sign-in, enrolment, a request)
    kExitOffline = 6, // the clinic's server could not be reached
    kExitCertificateMismatch = 7, // the server showed a certificate other than the pinned one
    kExitNotAdmitted = 8, // a check-in ended without admission (returned, interrupted)
};

// Prints the error as one line on stderr and returns the matching status.
int fail(const Error& error);
int usage(const QString& message);

} // namespace ward::ctl
