// Argon2id (libsodium crypto_pwhash, ALG_ARGON2ID13) for turning a passphrase into a wrapping key, and the
// calibration that picks parameters costing about a target time on this machine. Parameters are never
// below libsodium's INTERACTIVE limits and never above a ceiling that a hostile file could use to
// exhaust memory.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>

#include <chrono>
#include <cstdint>
#include <functional>

namespace ward::crypto {

struct Argon2Params {
    std::uint64_t opsLimit = 0;
    std::uint64_t memLimitBytes = 0;

    bool operator==(const Argon2Params&) const = default;
};

inline constexpr std::size_t kArgon2SaltBytes = 16;
inline constexpr std::uint64_t kArgon2MaxOps = 64;
inline constexpr std::uint64_t kArgon2MaxMemBytes = 4ULL * 1024 * 1024 * 1024;
inline constexpr std::uint64_t kArgon2CalibrationMemCeiling = 256ULL * 1024 * 1024;

Argon2Params argon2InteractiveMinimum();

// True when the parameters are at least INTERACTIVE and within the ceilings above.
bool argon2ParamsAcceptable(const Argon2Params& params);

Result<SecretBytes> argon2Derive(
    const SecretBytes& passphrase, const QByteArray& salt, const Argon2Params& params, std::size_t outBytes);

QByteArray argon2NewSalt();

// Measures Argon2id here and returns parameters that cost about `target` for one derivation: memory first
// (up to kArgon2CalibrationMemCeiling), then passes. A target of zero returns the INTERACTIVE minimum.
// `measure` is the seam for tests; by default it runs a real derivation and times it.
using Argon2Timer = std::function<std::chrono::duration<double>(const Argon2Params&)>;
Argon2Params argon2Calibrate(std::chrono::milliseconds target, const Argon2Timer& measure = {});

} // namespace ward::crypto
