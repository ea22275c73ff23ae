#include "store/Transaction.h"

#include "store/Database.h"

namespace ward::store {

Result<Transaction> Transaction::begin(Database& db)
{
    if (auto status = db.exec("SAVEPOINT ward_tx"); !status) {
        return status.error();
    }
    return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(other.m_db)
    , m_active(other.m_active)
{
    other.m_active = false;
}

Transaction::~Transaction()
{
    if (m_active) {
        // Undo everything since the savepoint, then drop it; errors here leave SQLite's own rollback to act.
        (void)m_db->exec("ROLLBACK TO ward_tx");
        (void)m_db->exec("RELEASE ward_tx");
    }
}

Status Transaction::commit()
{
    auto status = m_db->exec("RELEASE ward_tx");
    if (status) {
        m_active = false;
    }
    return status;
}

} // namespace ward::store
