// The wardctl commands. Each takes the parsed arguments and returns an exit status (ExitCode.h);
// openProfile is the one way a command unlocks a profile.
#pragma once

#include "Arguments.h"
#include "store/Profile.h"

#include <memory>

namespace ward::ctl {

// Reads the passphrase from stdin (the command must have --passphrase-stdin) and unlocks the profile.
// On failure prints the error and sets `exitCode`.
std::unique_ptr<store::ProfileSession> openProfile(Arguments& args, int& exitCode);

int runInit(Arguments& args);
int runPasswd(Arguments& args);
int runVisit(Arguments& args);
int runAudit(Arguments& args);
int runOrg(Arguments& args);
int runIdentity(Arguments& args);
int runCryptoVerify(Arguments& args);
// crypto totp, crypto safety-number
int runCrypto(Arguments& args);
// invite create, on a ward-server data folder (--server-data DIR)
int runServerData(Arguments& args);
// The headless client of the clinic server (EnrolCommand.cpp, ClientCommands.cpp, CheckInCommand.cpp)
int runEnrol(Arguments& args);
int runWhoAmI(Arguments& args);
int runCheckIn(Arguments& args);
int runQueue(Arguments& args);
int runAdmit(Arguments& args);
// media loopback: the media engine on a simulated network (MediaCommands.cpp)
int runMedia(Arguments& args);

} // namespace ward::ctl
