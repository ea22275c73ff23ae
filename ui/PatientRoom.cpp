#include "PatientRoom.h"

#include "SecretText.h"
#include "crypto/SealedBox.h"
#include "net/VisitReason.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"

#include <QCborMap>
#include <QPointer>

namespace ward::ui {

namespace {

using protocol::BodyReader;

constexpr qint64 kMaxPlace = 1'000'000;

QString offlineSentence()
{
    return PatientRoom::tr("Ward is not connected to your clinic. Check your internet connection; Ward "
                           "keeps trying on its own.");
}

} // namespace

PatientRoom::PatientRoom(net::ClientSession& session, QString room, Clock clock, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_room(std::move(room))
    , m_clock(std::move(clock))
{ }

void PatientRoom::set(Stage stage, const QString& message)
{
    m_stage = stage;
    m_message = message;
    emit changed();
}

void PatientRoom::checkIn(const QString& clinicianId, const QString& reason)
{
    if (m_stage != Stage::Idle) {
        return;
    }
    const QString room = m_room.isEmpty() ? clinicianId.trimmed().toLower() : m_room;
    if (!protocol::isValidUserId(room)) {
        set(Stage::Idle,
            tr("Type your clinician's user id as the clinic gave it to you, for example dr.ruiz."));
        return;
    }
    if (m_session.state() != net::ConnectionState::Online) {
        set(Stage::Idle, offlineSentence());
        return;
    }
    auto sealedReason = std::make_shared<crypto::SecretBytes>(secretFromText(reason.trimmed()));
    if (sealedReason->size() > crypto::kMaxSealedBoxPlaintextBytes) {
        set(Stage::Idle, tr("The reason is too long. Keep it to a few sentences."));
        return;
    }
    set(Stage::CheckingIn);
    QPointer<PatientRoom> self(this);
    QCborMap lookup;
    lookup.insert(QStringLiteral("user"), room);
    m_session.request(protocol::type::kDirectoryLookup, lookup,
        [self, room, sealedReason](const Result<QCborMap, protocol::ProtocolError>& reply) {
            if (!self) {
                return;
            }
            if (!reply) {
                self->set(Stage::Idle, reply.error().message);
                return;
            }
            self->sendCheckIn(room, reply.value(), *sealedReason);
        });
}

void PatientRoom::sendCheckIn(
    const QString& room, const QCborMap& lookupReply, const crypto::SecretBytes& reason)
{
    QCborArray reasons;
    if (!reason.empty()) {
        const BodyReader reader(lookupReply);
        auto devices = reader.mapArray("devices", protocol::kMaxListItems);
        if (!devices) {
            set(Stage::Idle, devices.error().message);
            return;
        }
        // core seals only to devices the clinic's pinned organisation key vouches for.
        auto sealed = net::sealVisitReason(
            devices.value(), m_session.account().organisationKey, reason, m_clock() / 1000);
        if (!sealed) {
            set(Stage::Idle, sealed.error().message);
            return;
        }
        reasons = std::move(sealed).value();
    }
    QCborMap body;
    body.insert(QStringLiteral("room"), room);
    body.insert(QStringLiteral("reasons"), reasons);
    QPointer<PatientRoom> self(this);
    m_session.request(protocol::type::kRoomCheckIn, body,
        [self, room](const Result<QCborMap, protocol::ProtocolError>& reply) {
            if (!self) {
                return;
            }
            if (!reply) {
                self->set(Stage::Idle, reply.error().message);
                return;
            }
            const BodyReader fields(reply.value());
            auto place = fields.integer("place", 1, kMaxPlace);
            auto waiting = fields.integer("waiting", 1, kMaxPlace);
            if (!place || !waiting) {
                self->set(Stage::Idle, place ? waiting.error().message : place.error().message);
                return;
            }
            self->m_activeRoom = room;
            self->m_place = static_cast<int>(place.value());
            self->m_waiting = static_cast<int>(waiting.value());
            self->set(Stage::Waiting);
        });
}

void PatientRoom::leave()
{
    if (m_stage != Stage::Waiting) {
        return;
    }
    QPointer<PatientRoom> self(this);
    m_session.request(
        protocol::type::kRoomLeave, {}, [self](const Result<QCborMap, protocol::ProtocolError>& reply) {
            if (!self) {
                return;
            }
            if (!reply) {
                self->m_message = reply.error().message;
                emit self->changed();
                return;
            }
            self->m_activeRoom.clear();
            self->set(Stage::Idle, tr("You left the waiting room."));
        });
}

void PatientRoom::dismiss()
{
    if (m_stage == Stage::Admitted) {
        m_activeRoom.clear();
        set(Stage::Idle);
    }
}

void PatientRoom::handlePush(const protocol::Message& push)
{
    const BodyReader fields(push.body);
    auto room = fields.userId("room");
    if (!room) {
        return;
    }
    // After a restart the server still holds the patient's place and says so on sign-in: take it up again.
    const bool resumed = m_stage == Stage::Idle && m_activeRoom.isEmpty() && !m_room.isEmpty()
        && room.value() == m_room && push.type == QLatin1String(protocol::type::kRoomPlace);
    if (room.value() != m_activeRoom && !resumed) {
        return;
    }
    if (push.type == QLatin1String(protocol::type::kRoomPlace) && (m_stage == Stage::Waiting || resumed)) {
        auto place = fields.integer("place", 1, kMaxPlace);
        auto waiting = fields.integer("waiting", 1, kMaxPlace);
        if (place && waiting) {
            m_activeRoom = room.value();
            m_place = static_cast<int>(place.value());
            m_waiting = static_cast<int>(waiting.value());
            set(Stage::Waiting, m_message);
        }
    } else if (push.type == QLatin1String(protocol::type::kRoomAdmitted)) {
        auto name = fields.text("clinicianName", protocol::kMaxNameChars);
        m_clinicianName = name ? name.value() : QString();
        set(Stage::Admitted);
    } else if (push.type == QLatin1String(protocol::type::kRoomReturned)) {
        m_activeRoom.clear();
        set(Stage::Idle,
            tr("The clinician sent you back from the waiting room. If you still need a visit, check in "
               "again or call the clinic."));
    }
}

} // namespace ward::ui
