// A clinician's waiting room as a list for QML: each patient's name, minutes waiting (ticking), state
// (waiting or disconnected) and reason, opened with this device's static secret (the server only ever
// sees it sealed). Refreshes on room.changed pushes and whenever the connection comes back; Admit and
// Send back act on one patient.
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "net/ClientSession.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QVector>
#include <QtQml/qqmlregistration.h>

namespace ward::ui {

class WaitingRoomModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the clinic controller")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)

public:
    enum Role {
        UserRole = Qt::UserRole + 1,
        NameRole,
        MinutesRole,
        WaitingTextRole,
        StateRole,
        DisconnectedRole,
        ReasonRole
    };

    struct Entry {
        QString user;
        QString name;
        std::int64_t sinceMs = 0;
        bool disconnected = false;
        QString reason; // empty when none was sent to this device, or it could not be opened
    };

    WaitingRoomModel(net::ClientSession& session, const crypto::DeviceIdentity& identity, Clock clock,
        QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_entries.size()); }
    QString message() const { return m_message; }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void admit(const QString& user);
    Q_INVOKABLE void sendBack(const QString& user);

    void handlePush(const protocol::Message& push);
    // Replaces the list from a room.queue reply body; an error when the body is malformed.
    Status load(const QCborMap& queue);

signals:
    void countChanged();
    void messageChanged();

private:
    void setMessage(const QString& message);
    // The entry's reason addressed to this device, opened; empty when there is none or it does not open.
    QString openReason(const QCborMap& entry) const;
    int minutesWaiting(const Entry& entry) const;

    net::ClientSession& m_session;
    const crypto::DeviceIdentity& m_identity;
    Clock m_clock;
    QVector<Entry> m_entries;
    QString m_message;
    QTimer m_tick;
};

} // namespace ward::ui
