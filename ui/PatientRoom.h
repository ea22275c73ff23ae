// A patient's side of their clinician's waiting room: check in (the optional reason sealed to each of the
// clinician's verified devices, so only they can read it), the place in line from room.place pushes,
// leaving, and the clinician's "ready for you" (room.admitted) or "sent back" (room.returned).
//
//   Idle --checkIn--> CheckingIn --room.checkin.ok--> Waiting --room.admitted--> Admitted
//     ^                   | error                      | leave / room.returned
//     +-------------------+----------------------------+
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "net/ClientSession.h"

#include <QCborArray>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace ward::ui {

class PatientRoom : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the clinic controller")
    Q_PROPERTY(Stage stage READ stage NOTIFY changed)
    Q_PROPERTY(bool needsClinician READ needsClinician CONSTANT)
    Q_PROPERTY(int place READ place NOTIFY changed)
    Q_PROPERTY(int waiting READ waiting NOTIFY changed)
    Q_PROPERTY(QString clinicianName READ clinicianName NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)

public:
    enum class Stage { Idle, CheckingIn, Waiting, Admitted };
    Q_ENUM(Stage)

    // `room`: the clinician named by the invitation; empty when the person must type one in.
    PatientRoom(
        net::ClientSession& session, QString room, Clock clock = systemClock(), QObject* parent = nullptr);

    Stage stage() const { return m_stage; }
    bool needsClinician() const { return m_room.isEmpty(); }
    int place() const { return m_place; }
    int waiting() const { return m_waiting; }
    QString clinicianName() const { return m_clinicianName; }
    QString message() const { return m_message; }

    // `clinicianId` is used only when the invitation named no room.
    Q_INVOKABLE void checkIn(const QString& clinicianId, const QString& reason);
    Q_INVOKABLE void leave();
    // After the visit placeholder: back to the check-in button.
    Q_INVOKABLE void dismiss();

    void handlePush(const protocol::Message& push);

signals:
    void changed();

private:
    void set(Stage stage, const QString& message = {});
    void sendCheckIn(const QString& room, const QCborMap& lookupReply, const crypto::SecretBytes& reason);

    net::ClientSession& m_session;
    QString m_room;
    QString m_activeRoom;
    Clock m_clock;
    Stage m_stage = Stage::Idle;
    int m_place = 0;
    int m_waiting = 0;
    QString m_clinicianName;
    QString m_message;
};

} // namespace ward::ui
