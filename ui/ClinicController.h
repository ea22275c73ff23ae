// The enrolled profile's link to its clinic, for QML: the ClientSession (connection, sign-in with a TOTP
// code for clinic roles, reconnects), the connection indicator's status, and the role's home: a patient's
// waiting-room check-in or a clinician's queue. Created when an unlocked profile has a ServerAccount and
// destroyed before the profile locks, so the device identity it borrows outlives it.
#pragma once

#include "ConnectionStatus.h"
#include "PatientRoom.h"
#include "WaitingRoomModel.h"
#include "net/ClientSession.h"
#include "net/ServerAccount.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace ward::ui {

class ClinicController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the session controller")
    Q_PROPERTY(ConnectionStatus* connection READ connection CONSTANT)
    Q_PROPERTY(QString displayName READ displayName CONSTANT)
    Q_PROPERTY(QString serverName READ serverName CONSTANT)
    Q_PROPERTY(QString serverAddress READ serverAddress CONSTANT)
    Q_PROPERTY(bool needsTotp READ needsTotp CONSTANT)
    Q_PROPERTY(PatientRoom* patientRoom READ patientRoom CONSTANT)
    Q_PROPERTY(WaitingRoomModel* queue READ queue CONSTANT)

public:
    ClinicController(net::ServerAccount account, const crypto::DeviceIdentity& identity, const Clock& clock,
        QObject* parent = nullptr);
    ~ClinicController() override;

    ConnectionStatus* connection() { return &m_status; }
    QString displayName() const { return m_account.displayName; }
    QString serverName() const { return m_account.serverName; }
    QString serverAddress() const { return m_account.serverAddress(); }
    bool needsTotp() const { return m_account.needsTotp(); }
    PatientRoom* patientRoom() { return m_room.get(); }
    WaitingRoomModel* queue() { return m_queue.get(); }
    net::ClientSession& session() { return *m_session; }

    void start();
    // The 6-digit code from the authenticator, when the connection asks for one.
    Q_INVOKABLE void signIn(const QString& code);

private:
    void onStateChanged(net::ConnectionState state);

    net::ServerAccount m_account;
    ConnectionStatus m_status;
    std::unique_ptr<net::ClientSession> m_session;
    std::unique_ptr<PatientRoom> m_room;
    std::unique_ptr<WaitingRoomModel> m_queue;
};

} // namespace ward::ui
