// The waiting rooms: patients check in to a clinician's room with reasons sealed to that clinician's
// devices, are told their place as it changes (reply, then room.place), and are admitted into a visit
// (room.admitted, with a visit id that opens signalling between the two) or sent back (room.returned).
// Clinicians see their own room; staff and admins may name any room and then get its room.changed pushes
// too. A patient whose last connection closes keeps their place, marked disconnected, for
// kDisconnectGraceMs, and gets it back by signing in again; the context clock decides, checked by a timer
// and before every request. Memory only (see WaitingRoom). Server thread only.
#pragma once

#include "services/Service.h"
#include "services/WaitingRoom.h"

#include <QHash>
#include <QSet>
#include <QTimer>

namespace ward::protocol {
struct Message;
}

namespace ward::server {

struct ServerContext;
class Session;

class WaitingRoomService : public Service {
public:
    static constexpr std::int64_t kDisconnectGraceMs = 2 * 60'000;
    static constexpr int kSweepIntervalMs = 5'000;

    explicit WaitingRoomService(ServerContext& context);

    void registerRoutes(RequestRouter& router) override;
    // Removes patients whose grace period has ended (the timer does this every few seconds).
    void sweep();

private:
    void checkIn(Session& session, const protocol::Message& request);
    void leave(Session& session, const protocol::Message& request);
    void queue(Session& session, const protocol::Message& request);
    void admit(Session& session, const protocol::Message& request);
    void sendBack(Session& session, const protocol::Message& request);
    void patientClosed(Session& session);
    void patientSignedIn(Session& session);

    // The room `patientId` waits in, checked against the caller: a clinician may act on their own room
    // only. Replies with the refusal and returns null when the caller may not.
    WaitingRoom* roomForAction(
        Session& session, const protocol::Message& request, const QString& patientId, QString& roomId);
    // Takes the patient out of their room and tells everyone whose place or count changed.
    void removePatient(const QString& roomId, const QString& patientId);
    void placesChangedFrom(const QString& roomId, int index);
    void notifyPlace(const QString& roomId, const WaitingEntry& entry, int place);
    void notifyRoomChanged(const QString& roomId);

    ServerContext& m_context;
    QHash<QString, WaitingRoom> m_rooms; // clinician user id -> room
    QHash<QString, QString> m_roomOfPatient;
    QHash<QString, QSet<QString>> m_watchers; // room -> staff and admins who asked for its queue
    QTimer m_sweepTimer;
};

} // namespace ward::server
