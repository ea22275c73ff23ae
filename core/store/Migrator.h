// Schema migrations as an ordered list of steps keyed by PRAGMA user_version. Each step runs in its own
// transaction together with the version bump, so a crash leaves the database at a whole version. Before the
// first step on an existing database, the file is copied aside. A database newer than the code is refused.
#pragma once

#include "common/Result.h"

#include <QString>

#include <functional>
#include <vector>

namespace ward::store {

class Database;

struct MigrationStep {
    int toVersion;
    const char* description;
    std::function<Status(Database&)> apply;
};

struct MigrationReport {
    int fromVersion = 0;
    int toVersion = 0;
    QString backupPath; // empty when nothing needed a backup
};

class Migrator {
public:
    // Steps must be ordered with toVersion 1, 2, 3, ...
    explicit Migrator(std::vector<MigrationStep> steps);

    int latestVersion() const;
    Result<MigrationReport> migrate(Database& db) const;

private:
    Status backup(Database& db, int fromVersion, QString* backupPath) const;
    std::vector<MigrationStep> m_steps;
};

} // namespace ward::store
