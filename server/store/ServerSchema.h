// The server store's schema, as ordered migration steps (PRAGMA user_version). Everything a restart must
// keep lives here: settings, the organisation keys, accounts with their TOTP secrets and sign-in failure
// counts, devices, invitations (only a hash of each code), admitted visits, mailbox envelopes (opaque
// ciphertext), directory contacts, resumption tokens (hashed) and the hash-chained audit log. The store is
// SQLCipher, so names and TOTP secrets are encrypted at rest; visit and message content never reaches it.
#pragma once

#include "store/Migrator.h"

namespace ward::server {

const std::vector<store::MigrationStep>& serverSchemaSteps();
inline store::Migrator serverMigrator()
{
    return store::Migrator(serverSchemaSteps());
}

} // namespace ward::server
