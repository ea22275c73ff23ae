// The two things ward-server does: `init` makes a data folder, `run` serves it. Each returns the process's
// exit status (0 ok, 1 failure, 2 usage) and prints failures as one line on stderr.
#pragma once

namespace ward::server {

class ServerCommandLine;

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int runInitCommand(const ServerCommandLine& line);
int runServeCommand(const ServerCommandLine& line);

} // namespace ward::server
