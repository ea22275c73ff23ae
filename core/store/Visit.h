// A visit as the history keeps it: when, with whom, why, how it ended, and the clinician's notes.
// Times are UTC milliseconds since the epoch.
#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace ward::store {

enum class VisitStatus { Scheduled, Waiting, InProgress, Completed, Cancelled, Missed };

QString visitStatusName(VisitStatus status);
std::optional<VisitStatus> visitStatusFromName(const QString& name);

struct Participant {
    std::int64_t id = 0;
    QString displayName;
    QString role; // patient, clinician, staff, interpreter, caregiver, other
    bool verified = false;
};

struct VisitSummary {
    std::int64_t id = 0;
    std::int64_t startedAtMs = 0;
    QString otherParty;
    QString reason;
    VisitStatus status = VisitStatus::Completed;
};

struct Visit {
    std::int64_t id = 0;
    std::int64_t startedAtMs = 0;
    std::optional<std::int64_t> endedAtMs;
    QString otherParty;
    QString reason;
    VisitStatus status = VisitStatus::Completed;
    QString notes;
    std::int64_t createdAtMs = 0;
    std::int64_t updatedAtMs = 0;
    std::vector<Participant> participants;
};

struct NewVisit {
    std::int64_t startedAtMs = 0;
    std::optional<std::int64_t> endedAtMs;
    QString otherParty;
    QString reason;
    VisitStatus status = VisitStatus::Completed;
    QString notes;
    std::vector<Participant> participants;
};

} // namespace ward::store
