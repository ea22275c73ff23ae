// JSON and text renderings of visits and audit entries for wardctl's output. Times are ISO 8601 UTC in
// JSON and local time in text.
#pragma once

#include "store/AuditLog.h"
#include "store/Visit.h"

#include <QJsonObject>
#include <QString>

namespace ward::ctl {

QString isoTime(std::int64_t ms);
QString localTime(std::int64_t ms);
QJsonObject toJson(const store::VisitSummary& visit);
QJsonObject toJson(const store::Visit& visit);
QJsonObject toJson(const store::AuditEntry& entry);

} // namespace ward::ctl
