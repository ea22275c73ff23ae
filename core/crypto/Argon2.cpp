#include "crypto/Argon2.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>

namespace ward::crypto {

Argon2Params argon2InteractiveMinimum()
{
    return { crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE };
}

bool argon2ParamsAcceptable(const Argon2Params& params)
{
    const Argon2Params floor = argon2InteractiveMinimum();
    return params.opsLimit >= floor.opsLimit && params.memLimitBytes >= floor.memLimitBytes
        && params.opsLimit <= kArgon2MaxOps && params.memLimitBytes <= kArgon2MaxMemBytes;
}

QByteArray argon2NewSalt()
{
    ensureSodium();
    QByteArray salt(kArgon2SaltBytes, Qt::Uninitialized);
    randombytes_buf(salt.data(), kArgon2SaltBytes);
    return salt;
}

Result<SecretBytes> argon2Derive(
    const SecretBytes& passphrase, const QByteArray& salt, const Argon2Params& params, std::size_t outBytes)
{
    ensureSodium();
    if (!argon2ParamsAcceptable(params)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The key-derivation settings are outside the range Ward accepts."));
    }
    if (static_cast<std::size_t>(salt.size()) != crypto_pwhash_argon2id_SALTBYTES) {
        return makeError(
            ErrorCode::InvalidArgument, QStringLiteral("The key-derivation salt has the wrong size."));
    }
    SecretBytes key(outBytes);
    // libsodium declares the password pointer non-null even for an empty password.
    static const char kEmpty[1] = {};
    const char* password = passphrase.empty() ? kEmpty : passphrase.chars();
    const int rc = crypto_pwhash(key.data(), key.size(), password, passphrase.size(),
        reinterpret_cast<const unsigned char*>(salt.constData()), params.opsLimit,
        static_cast<std::size_t>(params.memLimitBytes), crypto_pwhash_ALG_ARGON2ID13);
    if (rc != 0) {
        return makeError(ErrorCode::Internal,
            QStringLiteral(
                "There was not enough memory to derive the key. Close other programs and try again."));
    }
    return key;
}

namespace {
std::chrono::duration<double> timeRealDerivation(const Argon2Params& params)
{
    const SecretBytes sample = SecretBytes::random(32);
    const QByteArray salt = argon2NewSalt();
    const auto start = std::chrono::steady_clock::now();
    auto derived = argon2Derive(sample, salt, params, 32);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    (void)derived;
    return elapsed;
}
} // namespace

Argon2Params argon2Calibrate(std::chrono::milliseconds target, const Argon2Timer& measure)
{
    const Argon2Timer timer = measure ? measure : Argon2Timer(timeRealDerivation);
    Argon2Params params = argon2InteractiveMinimum();
    if (target.count() <= 0) {
        return params;
    }
    const double wanted = std::chrono::duration<double>(target).count();
    const double base = std::max(timer(params).count(), 1e-4);
    double factor = wanted / base;
    if (factor <= 1.0) {
        return params;
    }
    // Argon2's cost grows about linearly in memory and in passes; memory hurts an attacker more, so spend
    // there first.
    const std::uint64_t mib = 1024 * 1024;
    const double memFactor
        = std::min(factor, double(kArgon2CalibrationMemCeiling) / double(params.memLimitBytes));
    params.memLimitBytes = std::max<std::uint64_t>(params.memLimitBytes,
        static_cast<std::uint64_t>(double(params.memLimitBytes) * memFactor) / mib * mib);
    factor /= memFactor;
    params.opsLimit = std::clamp<std::uint64_t>(
        static_cast<std::uint64_t>(std::llround(double(params.opsLimit) * factor)), params.opsLimit,
        kArgon2MaxOps);

    // One check of the estimate, then a proportional correction of the passes.
    const double measured = std::max(timer(params).count(), 1e-4);
    const double correction = wanted / measured;
    if (correction < 0.8 || correction > 1.25) {
        const auto ops = static_cast<std::uint64_t>(std::llround(double(params.opsLimit) * correction));
        params.opsLimit = std::clamp<std::uint64_t>(ops, argon2InteractiveMinimum().opsLimit, kArgon2MaxOps);
    }
    return params;
}

} // namespace ward::crypto
