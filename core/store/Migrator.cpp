#include "store/Migrator.h"

#include "store/Database.h"
#include "store/Transaction.h"

#include <QFile>

#include <cassert>

namespace ward::store {

Migrator::Migrator(std::vector<MigrationStep> steps)
    : m_steps(std::move(steps))
{
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        assert(m_steps[i].toVersion == static_cast<int>(i) + 1);
    }
}

int Migrator::latestVersion() const
{
    return static_cast<int>(m_steps.size());
}

Status Migrator::backup(Database& db, int fromVersion, QString* backupPath) const
{
    // Journal mode is DELETE and no transaction is open, so the main file alone is a consistent snapshot.
    const QString target = QStringLiteral("%1.v%2.bak").arg(db.path(), QString::number(fromVersion));
    if (QFile::exists(target)) {
        QFile::remove(target + QStringLiteral(".old"));
        QFile::rename(target, target + QStringLiteral(".old"));
    }
    if (!QFile::copy(db.path(), target)) {
        return makeError(ErrorCode::Io,
            QStringLiteral(
                "Ward could not make a backup copy of the history (%1) before updating its format, so it "
                "changed nothing. Free some disk space and try again.")
                .arg(target));
    }
    *backupPath = target;
    return {};
}

Result<MigrationReport> Migrator::migrate(Database& db) const
{
    auto version = db.userVersion();
    if (!version) {
        return version.error();
    }
    MigrationReport report { version.value(), version.value(), {} };
    if (report.fromVersion > latestVersion()) {
        return makeError(ErrorCode::TooNew,
            QStringLiteral(
                "This profile's history was saved by a newer version of Ward (format %1); this version "
                "understands up to format %2. Install Ward with history format %1 or later to open it. "
                "Nothing was changed.")
                .arg(report.fromVersion)
                .arg(latestVersion()));
    }
    if (report.fromVersion == latestVersion()) {
        return report;
    }
    if (report.fromVersion > 0) {
        if (auto status = backup(db, report.fromVersion, &report.backupPath); !status) {
            return status.error();
        }
    }
    for (const MigrationStep& step : m_steps) {
        if (step.toVersion <= report.toVersion) {
            continue;
        }
        auto tx = Transaction::begin(db);
        if (!tx) {
            return tx.error();
        }
        if (auto status = step.apply(db); !status) {
            return status.error();
        }
        if (auto status = db.setUserVersion(step.toVersion); !status) {
            return status.error();
        }
        if (auto status = tx->commit(); !status) {
            return status.error();
        }
        report.toVersion = step.toVersion;
    }
    return report;
}

} // namespace ward::store
