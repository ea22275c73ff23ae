// One clinician's waiting room: the patients in it, oldest first, each with the reasons for the visit sealed
// to the clinician's devices. Place 1 is next; a patient who loses their connection keeps their place
// ("disconnected") for a grace period and gets it back by signing in again. Memory only: reasons must never
// reach the store or a log, and a restart empties the room (patients check in again).
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <vector>

namespace ward::server {

struct SealedReason {
    QByteArray device; // the clinician device's signing key
    QByteArray sealed; // opaque to the server
};

struct WaitingEntry {
    QString patientId;
    QString patientName;
    std::int64_t sinceMs = 0;
    bool connected = true;
    std::int64_t disconnectedMs = 0;
    std::vector<SealedReason> reasons;
};

class WaitingRoom {
public:
    // Adds the patient at the end, or, when already waiting, replaces their reasons and name and keeps
    // their place (and marks them connected). Returns the place.
    int checkIn(const QString& patientId, const QString& patientName, std::vector<SealedReason> reasons,
        std::int64_t nowMs);
    // The index the patient had, or -1 when they were not here. Everyone after it moved up one place.
    int remove(const QString& patientId);
    // 1-based; 0 when the patient is not here.
    int placeOf(const QString& patientId) const;
    WaitingEntry* find(const QString& patientId);
    // Removes disconnected entries whose grace period ended at `nowMs`; returns the lowest index removed,
    // or -1 when none was.
    int expire(std::int64_t nowMs, std::int64_t graceMs, std::vector<QString>& removed);

    const std::vector<WaitingEntry>& entries() const { return m_entries; }
    int size() const { return static_cast<int>(m_entries.size()); }
    bool empty() const { return m_entries.empty(); }

private:
    std::vector<WaitingEntry> m_entries;
};

} // namespace ward::server
