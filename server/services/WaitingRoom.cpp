#include "services/WaitingRoom.h"

#include <algorithm>

namespace ward::server {

int WaitingRoom::checkIn(const QString& patientId, const QString& patientName,
    std::vector<SealedReason> reasons, std::int64_t nowMs)
{
    if (WaitingEntry* entry = find(patientId)) {
        entry->patientName = patientName;
        entry->reasons = std::move(reasons);
        entry->connected = true;
        entry->disconnectedMs = 0;
        return placeOf(patientId);
    }
    m_entries.push_back(WaitingEntry { patientId, patientName, nowMs, true, 0, std::move(reasons) });
    return size();
}

int WaitingRoom::remove(const QString& patientId)
{
    const int place = placeOf(patientId);
    if (place == 0) {
        return -1;
    }
    m_entries.erase(m_entries.begin() + (place - 1));
    return place - 1;
}

int WaitingRoom::placeOf(const QString& patientId) const
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
        [&](const WaitingEntry& entry) { return entry.patientId == patientId; });
    return it == m_entries.end() ? 0 : static_cast<int>(it - m_entries.begin()) + 1;
}

WaitingEntry* WaitingRoom::find(const QString& patientId)
{
    const int place = placeOf(patientId);
    return place == 0 ? nullptr : &m_entries[static_cast<std::size_t>(place - 1)];
}

int WaitingRoom::expire(std::int64_t nowMs, std::int64_t graceMs, std::vector<QString>& removed)
{
    int lowest = -1;
    for (std::size_t i = m_entries.size(); i-- > 0;) {
        const WaitingEntry& entry = m_entries[i];
        if (!entry.connected && nowMs - entry.disconnectedMs >= graceMs) {
            removed.push_back(entry.patientId);
            m_entries.erase(m_entries.begin() + static_cast<std::ptrdiff_t>(i));
            lowest = static_cast<int>(i);
        }
    }
    return lowest;
}

} // namespace ward::server
