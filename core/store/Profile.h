// A profile is a folder: the vault (sealed keys and their parameters), the SQLCipher history database
// and the unlock counter. Profile creates, unlocks and re-keys it; an unlocked profile is a ProfileSession,
// which holds the open database and the device identity (the database key is dropped once SQLCipher has it).
// Locking is destroying the session. Passphrases arrive as raw UTF-8 and are NFKC-normalised here, so every
// caller (app, wardctl) treats them the same.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/DeviceIdentity.h"
#include "crypto/SecretBytes.h"
#include "policy/PassphrasePolicy.h"
#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/ProfilePaths.h"
#include "store/SettingsRepository.h"
#include "store/VisitRepository.h"

#include <chrono>
#include <memory>

namespace ward::store {

struct ProfileOptions {
    policy::PassphraseRules rules;
    // Argon2id is calibrated to cost about this much per unlock here (never below INTERACTIVE).
    std::chrono::milliseconds kdfTarget { 500 };
    Clock clock = systemClock();
};

class ProfileSession {
public:
    ProfileSession(ProfilePaths paths, Database db, crypto::DeviceIdentity identity, Clock clock);
    ProfileSession(const ProfileSession&) = delete;
    ProfileSession& operator=(const ProfileSession&) = delete;

    const ProfilePaths& paths() const { return m_paths; }
    Database& database() { return m_db; }
    AuditLog& audit() { return m_audit; }
    VisitRepository& visits() { return m_visits; }
    SettingsRepository settings() { return SettingsRepository(m_db); }
    // This device's identity keys; the secrets stay in wiped memory for as long as the session lives.
    const crypto::DeviceIdentity& identity() const { return m_identity; }

    // Records why the profile was locked ("user", "idle", ...). The caller then destroys the session.
    Status recordLock(const QString& reason);

private:
    ProfilePaths m_paths;
    Database m_db;
    crypto::DeviceIdentity m_identity;
    AuditLog m_audit;
    VisitRepository m_visits;
};

class Profile {
public:
    static bool exists(const QString& dir);

    static Result<std::unique_ptr<ProfileSession>> create(
        const QString& dir, const crypto::SecretBytes& passphrase, const ProfileOptions& options = {});

    // WrongPassphrase, Throttled, Corrupt (naming the file), TooNew, NotFound; never modifies the vault or
    // the database when it fails.
    static Result<std::unique_ptr<ProfileSession>> unlock(
        const QString& dir, const crypto::SecretBytes& passphrase, const Clock& clock = systemClock());

    // Rewraps the vault's keys under the new passphrase; the database is not re-encrypted.
    static Status changePassphrase(const QString& dir, const crypto::SecretBytes& oldPassphrase,
        const crypto::SecretBytes& newPassphrase, const ProfileOptions& options = {});

    // Milliseconds until the next unlock attempt is allowed (0 when it is).
    static std::int64_t unlockWaitMs(const QString& dir, const Clock& clock = systemClock());
};

} // namespace ward::store
