// Reads passphrases from standard input, one line each, straight into wiped memory: no stdio buffer, no
// std::string. On a terminal, echo is turned off and a prompt goes to stderr.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

namespace ward::ctl {

inline constexpr std::size_t kMaxPassphraseBytes = 4096;

Result<crypto::SecretBytes> readPassphraseLine(const char* prompt);

} // namespace ward::ctl
