// The app's view model for the profile's life: first-run creation, unlock (with the throttle countdown),
// the unlocked session and locking (by the user or after idle time). Slow work (Argon2id) runs on a
// worker thread; results come back to the GUI thread, which alone touches the session afterwards. An
// unlocked profile without a clinic gets an EnrolmentController ("Join your clinic"); one with a clinic
// gets a ClinicController. Both borrow the session's device identity and die before it does.
//
//   NeedsProfile --create ok--> Unlocked --lock / idle--> Locked --unlock ok--> Unlocked
#pragma once

#include "ClinicController.h"
#include "EnrolmentController.h"
#include "IdleWatcher.h"
#include "QrImageStore.h"
#include "VisitListModel.h"
#include "store/Profile.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>

namespace ward::ui {

// How an unlocked profile meets its clinic.
struct ClinicOptions {
    std::shared_ptr<QrImageStore> images = std::make_shared<QrImageStore>();
    // Off in tests that look at the screens without a server.
    bool connect = true;
};

class SessionController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application")
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString busyText READ busyText NOTIFY busyChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(int waitSeconds READ waitSeconds NOTIFY waitSecondsChanged)
    Q_PROPERTY(QString profileDir READ profileDir CONSTANT)
    Q_PROPERTY(int minimumLength READ minimumLength CONSTANT)
    Q_PROPERTY(VisitListModel* visits READ visits CONSTANT)
    Q_PROPERTY(int autoLockMinutes READ autoLockMinutes NOTIFY autoLockMinutesChanged)
    Q_PROPERTY(EnrolmentController* enrolment READ enrolment NOTIFY clinicChanged)
    Q_PROPERTY(ClinicController* clinic READ clinic NOTIFY clinicChanged)
    Q_PROPERTY(bool enrolmentDeferred READ enrolmentDeferred NOTIFY clinicChanged)

public:
    enum class State { NeedsProfile, Locked, Unlocked };
    Q_ENUM(State)

    explicit SessionController(QString profileDir, store::ProfileOptions options = {},
        ClinicOptions clinic = {}, QObject* parent = nullptr);
    ~SessionController() override;

    State state() const { return m_state; }
    bool busy() const { return !m_busyText.isEmpty(); }
    QString busyText() const { return m_busyText; }
    QString errorMessage() const { return m_error; }
    int waitSeconds() const { return m_waitSeconds; }
    QString profileDir() const { return m_profileDir; }
    int minimumLength() const { return m_options.rules.minLength; }
    VisitListModel* visits() { return &m_visits; }
    int autoLockMinutes() const;
    EnrolmentController* enrolment() { return m_enrolment.get(); }
    ClinicController* clinic() { return m_clinic.get(); }
    bool enrolmentDeferred() const { return m_enrolmentDeferred; }

    // Strength and blocklist feedback while typing: {acceptable, score (0..4), label, problem, length}.
    Q_INVOKABLE QVariantMap checkPassphrase(const QString& passphrase) const;
    Q_INVOKABLE void createProfile(const QString& passphrase, const QString& confirmation);
    Q_INVOKABLE void unlock(const QString& passphrase);
    Q_INVOKABLE void lock();
    // Visit details for the detail pane; records visit.viewed. Empty map when it cannot be read.
    Q_INVOKABLE QVariantMap openVisit(qint64 id);
    Q_INVOKABLE bool saveNotes(qint64 id, const QString& notes);
    Q_INVOKABLE void clearError();
    // "Not now" on the join screen, and the header's "Join your clinic" button to come back to it.
    Q_INVOKABLE void deferEnrolment();
    Q_INVOKABLE void resumeEnrolment();
    // A ward://enrol link handed to the app (command line, URL handler): shown on the join screen as soon
    // as the profile is unlocked. Ignored when the profile already has a clinic.
    void openEnrolmentLink(const crypto::SecretBytes& link);

    // For tests and managed policy: the idle time after which the app locks itself.
    void setIdleTimeout(std::chrono::milliseconds timeout);

signals:
    void stateChanged();
    void busyChanged();
    void errorMessageChanged();
    void waitSecondsChanged();
    void autoLockMinutesChanged();
    void clinicChanged();

private:
    void setState(State state);
    void setBusy(const QString& text);
    void setError(const QString& message);
    void adopt(std::unique_ptr<store::ProfileSession> session);
    void lockFor(const QString& reason);
    void refreshWait();
    QString idleTimeText() const;
    void attachClinic();
    void detachClinic();
    void onEnrolled(const net::ServerAccount& account);

    QString m_profileDir;
    store::ProfileOptions m_options;
    State m_state;
    QString m_busyText;
    QString m_error;
    int m_waitSeconds = 0;
    std::unique_ptr<store::ProfileSession> m_session;
    VisitListModel m_visits;
    IdleWatcher m_idle;
    QTimer m_waitTimer;
    ClinicOptions m_clinicOptions;
    std::unique_ptr<EnrolmentController> m_enrolment;
    std::unique_ptr<ClinicController> m_clinic;
    bool m_enrolmentDeferred = false;
    std::optional<crypto::SecretBytes> m_pendingLink;
    QThreadPool m_worker;
};

} // namespace ward::ui
