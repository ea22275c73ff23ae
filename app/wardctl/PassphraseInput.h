// Reads passphrases (and other secrets, such as a TOTP secret) from standard input, one line each, straight
// into wiped memory: no stdio buffer, no std::string. On a terminal, echo is turned off and a prompt goes
// to stderr.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

namespace ward::ctl {

inline constexpr std::size_t kMaxPassphraseBytes = 4096;

Result<crypto::SecretBytes> readPassphraseLine(const char* prompt);
// The same for another secret; `what` names it in errors ("TOTP secret").
Result<crypto::SecretBytes> readSecretLine(const char* prompt, const char* what);

} // namespace ward::ctl
