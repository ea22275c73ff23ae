// The history database's schema, as the ordered migration steps that build it. Version 1: visits,
// participants, settings and the local audit log, with FTS4 over visit reasons, notes and the other party.
#pragma once

#include "store/Migrator.h"

namespace ward::store {

const std::vector<MigrationStep>& historySchemaSteps();

inline Migrator historyMigrator()
{
    return Migrator(historySchemaSteps());
}

} // namespace ward::store
