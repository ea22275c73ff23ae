// What the header's connection indicator shows: the state of the link to the clinic server in core's words
// (net::connectionStateText), the sentence explaining it, and whether the person must act (a sign-in code)
// or must stop (the server's certificate differs from the pinned one). ClinicController feeds it from the
// ClientSession; the view only reads it.
#pragma once

#include "net/ConnectionState.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace ward::ui {

class ConnectionStatus : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the clinic controller")
    Q_PROPERTY(State state READ state NOTIFY changed)
    Q_PROPERTY(QString text READ text NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QString dotColour READ dotColour NOTIFY changed)
    Q_PROPERTY(bool signInNeeded READ signInNeeded NOTIFY changed)
    Q_PROPERTY(bool certificateMismatch READ certificateMismatch NOTIFY changed)

public:
    // The same values as net::ConnectionState, for QML.
    enum class State { Offline, Connecting, SigningIn, Online, SignInNeeded, CertificateMismatch };
    Q_ENUM(State)

    explicit ConnectionStatus(QObject* parent = nullptr);

    State state() const { return m_state; }
    QString text() const;
    QString message() const { return m_message; }
    QString dotColour() const;
    bool signInNeeded() const { return m_state == State::SignInNeeded; }
    bool certificateMismatch() const { return m_state == State::CertificateMismatch; }

    void update(net::ConnectionState state, const QString& message);

signals:
    void changed();

private:
    State m_state = State::Offline;
    QString m_message;
};

} // namespace ward::ui
