// Accounts in the server store: a user id, the name the clinic gave, a role, the TOTP secret (clinic roles)
// with the last step accepted, and the sign-in failure state (consecutive failures, when the next attempt
// may come, and the lock after too many). Server thread only.
#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "crypto/credential/Role.h"

#include <QString>
#include <cstdint>
#include <optional>

namespace ward::store {
class Database;
}

namespace ward::server {

struct Account {
    QString userId;
    QString displayName;
    crypto::credential::Role role = crypto::credential::Role::Patient;
    std::int64_t createdMs = 0;
    bool hasTotp = false;
    std::optional<std::uint64_t> totpLastStep;
    int failedSignIns = 0;
    std::int64_t nextSignInMs = 0;
    std::optional<std::int64_t> lockedMs;
    QString roomId; // a patient's clinician (whose waiting room they use); may be empty
};

class AccountRepository {
public:
    explicit AccountRepository(store::Database& db)
        : m_db(db)
    { }

    // InvalidArgument when the user id is taken.
    Status create(const Account& account);
    Result<std::optional<Account>> find(const QString& userId);
    Status setTotpSecret(const QString& userId, const crypto::SecretBytes& secret);
    // Empty SecretBytes when the account has none.
    Result<crypto::SecretBytes> totpSecret(const QString& userId);
    Status setTotpLastStep(const QString& userId, std::uint64_t step);
    Status recordFailure(const QString& userId, int failedSignIns, std::int64_t nextSignInMs,
        std::optional<std::int64_t> lockedMs);
    // After a successful sign-in, or an admin's unlock.
    Status clearFailures(const QString& userId);

private:
    store::Database& m_db;
};

} // namespace ward::server
