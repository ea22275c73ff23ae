#include "services/WaitingRoomService.h"

#include "RequestRouter.h"
#include "ServerAuditEvent.h"
#include "ServerContext.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "services/StoreFailure.h"
#include "services/VisitRegistry.h"
#include "store/AccountRepository.h"
#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/DeviceRepository.h"
#include "store/Transaction.h"

#include <QCborArray>
#include <QCborValue>
#include <algorithm>

namespace ward::server {

namespace {

using crypto::credential::Role;
using protocol::WireError;

constexpr qsizetype kSigningKeyBytes = 32;

protocol::ProtocolError refusal(WireError wire, const QString& message)
{
    protocol::ProtocolError error;
    error.code = ErrorCode::InvalidArgument;
    error.wire = wire;
    error.message = message;
    return error;
}

// The reasons of a check-in, each addressed to a distinct, non-revoked device of the clinician.
Result<std::vector<SealedReason>, protocol::ProtocolError> readReasons(
    const protocol::BodyReader& reader, const std::vector<DeviceRecord>& clinicianDevices)
{
    auto array = reader.mapArray("reasons", protocol::kMaxReasonRecipients);
    if (!array) {
        return array.error();
    }
    std::vector<SealedReason> reasons;
    for (const QCborValue& item : array.value()) {
        const QCborMap map = item.toMap();
        const protocol::BodyReader itemReader(map);
        auto device = itemReader.bytes("device", kSigningKeyBytes);
        if (!device) {
            return device.error();
        }
        auto sealed = itemReader.blob("sealed", protocol::kMaxSealedReasonBytes);
        if (!sealed) {
            return sealed.error();
        }
        const bool addressable
            = std::any_of(clinicianDevices.begin(), clinicianDevices.end(), [&](const DeviceRecord& record) {
                  return record.signingKey == device.value() && !record.revokedMs;
              });
        if (!addressable) {
            return refusal(WireError::Invalid,
                QStringLiteral("A reason is addressed to a device that is not one of the clinician's current "
                               "devices; look the clinician up again and seal the reason anew."));
        }
        for (const SealedReason& earlier : reasons) {
            if (earlier.device == device.value()) {
                return refusal(WireError::Invalid,
                    QStringLiteral("Two reasons are addressed to the same device; send one per device."));
            }
        }
        reasons.push_back(SealedReason { device.value(), sealed.value() });
    }
    return reasons;
}

QCborMap entryBody(const WaitingEntry& entry, const QByteArray& callerDevice)
{
    QCborArray reasons;
    for (const SealedReason& reason : entry.reasons) {
        if (reason.device == callerDevice) {
            QCborMap item;
            item.insert(QLatin1String("device"), reason.device);
            item.insert(QLatin1String("sealed"), reason.sealed);
            reasons.append(item);
        }
    }
    QCborMap body;
    body.insert(QLatin1String("user"), entry.patientId);
    body.insert(QLatin1String("name"), entry.patientName);
    body.insert(QLatin1String("sinceMs"), static_cast<qint64>(entry.sinceMs));
    body.insert(
        QLatin1String("state"), entry.connected ? QLatin1String("waiting") : QLatin1String("disconnected"));
    body.insert(QLatin1String("reasons"), reasons);
    return body;
}

} // namespace

WaitingRoomService::WaitingRoomService(ServerContext& context)
    : m_context(context)
{
    m_sweepTimer.setInterval(kSweepIntervalMs);
    m_sweepTimer.callOnTimeout([this] { sweep(); });
    m_sweepTimer.start();
    m_context.hub.onClosed([this](Session& session) { patientClosed(session); });
    m_context.hub.onSignedIn([this](Session& session) { patientSignedIn(session); });
}

void WaitingRoomService::registerRoutes(RequestRouter& router)
{
    const auto route = [this](void (WaitingRoomService::*handler)(Session&, const protocol::Message&)) {
        return [this, handler](Session& session, const protocol::Message& request) {
            sweep();
            (this->*handler)(session, request);
        };
    };
    router.add(protocol::type::kRoomCheckIn, Access::SignedIn, { Role::Patient },
        route(&WaitingRoomService::checkIn));
    router.add(
        protocol::type::kRoomLeave, Access::SignedIn, { Role::Patient }, route(&WaitingRoomService::leave));
    router.add(protocol::type::kRoomQueue, Access::SignedIn, { Role::Clinician, Role::Staff, Role::Admin },
        route(&WaitingRoomService::queue));
    router.add(protocol::type::kRoomAdmit, Access::SignedIn, { Role::Clinician, Role::Staff },
        route(&WaitingRoomService::admit));
    router.add(protocol::type::kRoomReturn, Access::SignedIn, { Role::Clinician, Role::Staff },
        route(&WaitingRoomService::sendBack));
}

void WaitingRoomService::sweep()
{
    const std::int64_t nowMs = m_context.clock();
    const QStringList roomIds = m_rooms.keys();
    for (const QString& roomId : roomIds) {
        std::vector<QString> removed;
        const int lowest = m_rooms[roomId].expire(nowMs, kDisconnectGraceMs, removed);
        if (lowest < 0) {
            continue;
        }
        for (const QString& patientId : removed) {
            m_roomOfPatient.remove(patientId);
        }
        placesChangedFrom(roomId, lowest);
        notifyRoomChanged(roomId);
        if (m_rooms[roomId].empty()) {
            m_rooms.remove(roomId);
        }
    }
}

void WaitingRoomService::checkIn(Session& session, const protocol::Message& request)
{
    const protocol::BodyReader reader(request.body);
    auto roomId = reader.userId("room");
    if (!roomId) {
        session.fail(request, roomId.error());
        return;
    }
    auto clinician = AccountRepository(m_context.db).find(roomId.value());
    auto devices = DeviceRepository(m_context.db).listForUser(roomId.value());
    if (!clinician || !devices) {
        failStore(session, request);
        return;
    }
    if (!clinician.value() || clinician.value()->role != Role::Clinician) {
        session.fail(request, WireError::NotFound,
            QStringLiteral(
                "There is no clinician \"%1\" here to wait for; check the name in your invitation.")
                .arg(roomId.value()));
        return;
    }
    auto reasons = readReasons(reader, devices.value());
    if (!reasons) {
        session.fail(request, reasons.error());
        return;
    }

    const SignedInDevice& patient = *session.device();
    const QString previousRoom = m_roomOfPatient.value(patient.userId);
    WaitingRoom& room = m_rooms[roomId.value()];
    if (room.find(patient.userId) == nullptr && room.size() >= protocol::kMaxListItems) {
        if (room.empty()) {
            m_rooms.remove(roomId.value());
        }
        session.fail(request, WireError::QuotaExceeded,
            QStringLiteral("This waiting room is full; try again in a few minutes."));
        return;
    }
    // A patient waits in one room at a time: checking in elsewhere leaves the first.
    if (!previousRoom.isEmpty() && previousRoom != roomId.value()) {
        removePatient(previousRoom, patient.userId);
    }
    WaitingRoom& target = m_rooms[roomId.value()];
    const int place
        = target.checkIn(patient.userId, patient.displayName, std::move(reasons).value(), m_context.clock());
    m_roomOfPatient.insert(patient.userId, roomId.value());

    QCborMap reply;
    reply.insert(QLatin1String("place"), place);
    reply.insert(QLatin1String("waiting"), target.size());
    session.reply(request, reply);
    notifyRoomChanged(roomId.value());
}

void WaitingRoomService::leave(Session& session, const protocol::Message& request)
{
    const QString& patientId = session.device()->userId;
    const QString roomId = m_roomOfPatient.value(patientId);
    if (!roomId.isEmpty()) {
        removePatient(roomId, patientId);
    }
    session.reply(request);
}

void WaitingRoomService::queue(Session& session, const protocol::Message& request)
{
    const SignedInDevice& caller = *session.device();
    const protocol::BodyReader reader(request.body);
    QString roomId = caller.userId;
    if (caller.role != Role::Clinician || reader.has("room")) {
        auto named = reader.userId("room");
        if (!named) {
            session.fail(request, named.error());
            return;
        }
        roomId = named.value();
    }
    if (caller.role == Role::Clinician && roomId != caller.userId) {
        session.fail(
            request, WireError::Forbidden, QStringLiteral("A clinician sees only their own waiting room."));
        return;
    }
    if (caller.role != Role::Clinician) {
        auto owner = AccountRepository(m_context.db).find(roomId);
        if (!owner) {
            failStore(session, request);
            return;
        }
        if (!owner.value() || owner.value()->role != Role::Clinician) {
            session.fail(request, WireError::NotFound,
                QStringLiteral("There is no clinician \"%1\" with a waiting room here.").arg(roomId));
            return;
        }
        m_watchers[roomId].insert(caller.userId);
    }

    QCborArray entries;
    if (const auto room = m_rooms.constFind(roomId); room != m_rooms.constEnd()) {
        for (const WaitingEntry& entry : room->entries()) {
            entries.append(entryBody(entry, caller.signingKey));
        }
    }
    QCborMap reply;
    reply.insert(QLatin1String("room"), roomId);
    reply.insert(QLatin1String("entries"), entries);
    session.reply(request, reply);
}

WaitingRoom* WaitingRoomService::roomForAction(
    Session& session, const protocol::Message& request, const QString& patientId, QString& roomId)
{
    roomId = m_roomOfPatient.value(patientId);
    if (roomId.isEmpty()) {
        session.fail(request, WireError::NotFound,
            QStringLiteral("That patient is not in a waiting room; they may have left or been admitted."));
        return nullptr;
    }
    const SignedInDevice& caller = *session.device();
    if (caller.role == Role::Clinician && roomId != caller.userId) {
        session.fail(request, WireError::Forbidden,
            QStringLiteral(
                "That patient is waiting for another clinician; only their own room's clinician or "
                "clinic staff may admit or return them."));
        return nullptr;
    }
    return &m_rooms[roomId];
}

void WaitingRoomService::admit(Session& session, const protocol::Message& request)
{
    auto patientId = protocol::BodyReader(request.body).userId("user");
    if (!patientId) {
        session.fail(request, patientId.error());
        return;
    }
    QString roomId;
    WaitingRoom* room = roomForAction(session, request, patientId.value(), roomId);
    if (room == nullptr) {
        return;
    }
    if (!room->find(patientId.value())->connected) {
        session.fail(request, WireError::Offline,
            QStringLiteral(
                "That patient has lost their connection; they keep their place for two minutes, so "
                "try again when they are back."));
        return;
    }
    auto clinician = AccountRepository(m_context.db).find(roomId);
    if (!clinician || !clinician.value()) {
        failStore(session, request);
        return;
    }

    // The visit and its audit entry are written together, or neither is.
    auto transaction = store::Transaction::begin(m_context.db);
    if (!transaction) {
        failStore(session, request);
        return;
    }
    auto visit = m_context.visits.create(patientId.value(), roomId, m_context.clock());
    if (!visit) {
        failStore(session, request);
        return;
    }
    const QString detail = QStringLiteral("room=%1 patient=%2 visit=%3 by=%4")
                               .arg(roomId, patientId.value(), visit->visitId, session.device()->userId);
    if (!m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::PatientAdmitted), detail)
        || !transaction->commit()) {
        failStore(session, request);
        return;
    }

    QCborMap admitted;
    admitted.insert(QLatin1String("room"), roomId);
    admitted.insert(QLatin1String("visit"), visit->visitId);
    admitted.insert(QLatin1String("clinician"), roomId);
    admitted.insert(QLatin1String("clinicianName"), clinician.value()->displayName);
    m_context.hub.sendToUser(patientId.value(),
        protocol::Message::push(QString::fromLatin1(protocol::type::kRoomAdmitted), admitted));
    removePatient(roomId, patientId.value());
    QCborMap reply;
    reply.insert(QLatin1String("visit"), visit->visitId);
    session.reply(request, reply);
}

void WaitingRoomService::sendBack(Session& session, const protocol::Message& request)
{
    auto patientId = protocol::BodyReader(request.body).userId("user");
    if (!patientId) {
        session.fail(request, patientId.error());
        return;
    }
    QString roomId;
    if (roomForAction(session, request, patientId.value(), roomId) == nullptr) {
        return;
    }
    const QString detail
        = QStringLiteral("room=%1 patient=%2 by=%3").arg(roomId, patientId.value(), session.device()->userId);
    if (!m_context.audit.appendNamed(serverAuditEventName(ServerAuditEvent::PatientReturned), detail)) {
        failStore(session, request);
        return;
    }
    QCborMap returned;
    returned.insert(QLatin1String("room"), roomId);
    m_context.hub.sendToUser(patientId.value(),
        protocol::Message::push(QString::fromLatin1(protocol::type::kRoomReturned), returned));
    removePatient(roomId, patientId.value());
    session.reply(request);
}

void WaitingRoomService::patientClosed(Session& session)
{
    const auto& device = session.device();
    if (!device) {
        return;
    }
    const QString roomId = m_roomOfPatient.value(device->userId);
    if (roomId.isEmpty()) {
        return;
    }
    for (const Session* other : m_context.hub.sessionsOfUser(device->userId)) {
        if (other != &session) {
            return; // another device or connection of the patient is still here
        }
    }
    if (WaitingEntry* entry = m_rooms[roomId].find(device->userId); entry != nullptr && entry->connected) {
        entry->connected = false;
        entry->disconnectedMs = m_context.clock();
        notifyRoomChanged(roomId);
    }
}

void WaitingRoomService::patientSignedIn(Session& session)
{
    const auto& device = session.device();
    if (!device || device->role != Role::Patient) {
        return;
    }
    sweep(); // a patient back after the grace period has lost their place
    const QString roomId = m_roomOfPatient.value(device->userId);
    if (roomId.isEmpty()) {
        return;
    }
    WaitingRoom& room = m_rooms[roomId];
    WaitingEntry* entry = room.find(device->userId);
    if (entry == nullptr) {
        return;
    }
    const bool wasDisconnected = !entry->connected;
    entry->connected = true;
    entry->disconnectedMs = 0;
    notifyPlace(roomId, *entry, room.placeOf(device->userId));
    if (wasDisconnected) {
        notifyRoomChanged(roomId);
    }
}

void WaitingRoomService::removePatient(const QString& roomId, const QString& patientId)
{
    m_roomOfPatient.remove(patientId);
    const auto found = m_rooms.find(roomId);
    if (found == m_rooms.end()) {
        return;
    }
    const int index = found->remove(patientId);
    if (index < 0) {
        return;
    }
    placesChangedFrom(roomId, index);
    notifyRoomChanged(roomId);
    if (m_rooms[roomId].empty()) {
        m_rooms.remove(roomId);
    }
}

void WaitingRoomService::placesChangedFrom(const QString& roomId, int index)
{
    const auto& entries = m_rooms[roomId].entries();
    for (auto i = static_cast<std::size_t>(index); i < entries.size(); ++i) {
        notifyPlace(roomId, entries[i], static_cast<int>(i) + 1);
    }
}

void WaitingRoomService::notifyPlace(const QString& roomId, const WaitingEntry& entry, int place)
{
    QCborMap body;
    body.insert(QLatin1String("room"), roomId);
    body.insert(QLatin1String("place"), place);
    body.insert(QLatin1String("waiting"), m_rooms[roomId].size());
    m_context.hub.sendToUser(
        entry.patientId, protocol::Message::push(QString::fromLatin1(protocol::type::kRoomPlace), body));
}

void WaitingRoomService::notifyRoomChanged(const QString& roomId)
{
    QCborMap body;
    body.insert(QLatin1String("room"), roomId);
    body.insert(QLatin1String("waiting"), m_rooms.contains(roomId) ? m_rooms[roomId].size() : 0);
    const auto push = protocol::Message::push(QString::fromLatin1(protocol::type::kRoomChanged), body);
    m_context.hub.sendToUser(roomId, push);
    for (const QString& watcher : m_watchers.value(roomId)) {
        m_context.hub.sendToUser(watcher, push);
    }
}

} // namespace ward::server
