// RAII transaction on a savepoint, so transactions nest: a repository's write and its audit entry commit
// together, or neither does. Rolls back on destruction unless commit() succeeded.
#pragma once

#include "common/Result.h"

namespace ward::store {

class Database;

class [[nodiscard]] Transaction {
public:
    static Result<Transaction> begin(Database& db);
    ~Transaction();
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    Status commit();

private:
    explicit Transaction(Database& db)
        : m_db(&db)
    { }
    Database* m_db;
    bool m_active = true;
};

} // namespace ward::store
