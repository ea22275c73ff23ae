#include "SessionController.h"

#include "SecretText.h"

#include <QDateTime>
#include <QPointer>

namespace ward::ui {

namespace {

QString timeText(std::int64_t ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::LongFormat);
}

} // namespace

SessionController::SessionController(
    QString profileDir, store::ProfileOptions options, ClinicOptions clinic, QObject* parent)
    : QObject(parent)
    , m_profileDir(std::move(profileDir))
    , m_options(std::move(options))
    , m_state(store::Profile::exists(m_profileDir) ? State::Locked : State::NeedsProfile)
    , m_clinicOptions(std::move(clinic))
{
    m_worker.setMaxThreadCount(1);
    m_idle.setTimeout(std::chrono::minutes(store::SettingsRepository::kDefaultAutoLockMinutes));
    connect(&m_idle, &IdleWatcher::idle, this, [this] { lockFor(QStringLiteral("idle")); });
    m_waitTimer.setInterval(1000);
    connect(&m_waitTimer, &QTimer::timeout, this, &SessionController::refreshWait);
    refreshWait();
}

SessionController::~SessionController()
{
    m_worker.waitForDone();
    detachClinic();
    if (m_session) {
        (void)m_session->recordLock(QStringLiteral("app closed"));
    }
}

QString SessionController::idleTimeText() const
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_idle.timeout()).count();
    if (seconds < 60) {
        return seconds == 1 ? tr("1 second") : tr("%1 seconds").arg(seconds);
    }
    const auto minutes = seconds / 60;
    return minutes == 1 ? tr("1 minute") : tr("%1 minutes").arg(minutes);
}

int SessionController::autoLockMinutes() const
{
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(m_idle.timeout()).count());
}

void SessionController::setState(State state)
{
    if (m_state != state) {
        m_state = state;
        emit stateChanged();
    }
}

void SessionController::setBusy(const QString& text)
{
    if (m_busyText != text) {
        m_busyText = text;
        emit busyChanged();
    }
}

void SessionController::setError(const QString& message)
{
    if (m_error != message) {
        m_error = message;
        emit errorMessageChanged();
    }
}

void SessionController::clearError()
{
    setError({});
}

void SessionController::refreshWait()
{
    const std::int64_t ms
        = m_state == State::NeedsProfile ? 0 : store::Profile::unlockWaitMs(m_profileDir, m_options.clock);
    const int seconds = static_cast<int>((ms + 999) / 1000);
    if (seconds != m_waitSeconds) {
        m_waitSeconds = seconds;
        emit waitSecondsChanged();
    }
    if (seconds > 0 && !m_waitTimer.isActive()) {
        m_waitTimer.start();
    } else if (seconds == 0) {
        m_waitTimer.stop();
    }
}

QVariantMap SessionController::checkPassphrase(const QString& passphrase) const
{
    const crypto::SecretBytes raw = secretFromText(passphrase);
    auto normalized = policy::PassphrasePolicy::normalize(raw);
    if (!normalized) {
        return { { QStringLiteral("acceptable"), false }, { QStringLiteral("score"), 0 },
            { QStringLiteral("label"), QString() }, { QStringLiteral("problem"), normalized.error().message },
            { QStringLiteral("length"), 0 } };
    }
    const policy::PassphraseCheck check = policy::PassphrasePolicy(m_options.rules).check(normalized.value());
    return { { QStringLiteral("acceptable"), check.acceptable }, { QStringLiteral("score"), check.score },
        { QStringLiteral("label"), check.strengthLabel }, { QStringLiteral("problem"), check.problem },
        { QStringLiteral("length"), check.codePoints } };
}

void SessionController::createProfile(const QString& passphrase, const QString& confirmation)
{
    if (busy() || m_state != State::NeedsProfile) {
        return;
    }
    auto first = std::make_shared<crypto::SecretBytes>(secretFromText(passphrase));
    if (!first->equals(secretFromText(confirmation))) {
        setError(tr("The two passphrases are not the same. Type the same passphrase in both fields."));
        return;
    }
    setError({});
    setBusy(tr("Setting up encryption on this computer. This takes a few seconds."));
    QPointer<SessionController> self(this);
    m_worker.start([self, first, dir = m_profileDir, options = m_options] {
        auto created = store::Profile::create(dir, *first, options);
        auto shared = std::make_shared<Result<std::unique_ptr<store::ProfileSession>>>(std::move(created));
        QMetaObject::invokeMethod(
            self.data(),
            [self, shared] {
                if (!self) {
                    return;
                }
                self->setBusy({});
                if (!shared->ok()) {
                    self->setError(shared->error().message);
                    return;
                }
                self->adopt(std::move(*shared).value());
            },
            Qt::QueuedConnection);
    });
}

void SessionController::unlock(const QString& passphrase)
{
    if (busy() || m_state != State::Locked) {
        return;
    }
    refreshWait();
    if (m_waitSeconds > 0) {
        setError(tr("Too many wrong passphrases. Wait %1 seconds, then try again.").arg(m_waitSeconds));
        return;
    }
    auto secret = std::make_shared<crypto::SecretBytes>(secretFromText(passphrase));
    setError({});
    setBusy(tr("Unlocking…"));
    QPointer<SessionController> self(this);
    m_worker.start([self, secret, dir = m_profileDir, clock = m_options.clock] {
        auto opened = store::Profile::unlock(dir, *secret, clock);
        auto shared = std::make_shared<Result<std::unique_ptr<store::ProfileSession>>>(std::move(opened));
        QMetaObject::invokeMethod(
            self.data(),
            [self, shared] {
                if (!self) {
                    return;
                }
                self->setBusy({});
                self->refreshWait();
                if (!shared->ok()) {
                    self->setError(shared->error().message);
                    return;
                }
                self->adopt(std::move(*shared).value());
            },
            Qt::QueuedConnection);
    });
}

void SessionController::adopt(std::unique_ptr<store::ProfileSession> session)
{
    m_session = std::move(session);
    auto minutes
        = m_session->settings().getInt(QString::fromLatin1(store::SettingsRepository::kAutoLockMinutes),
            store::SettingsRepository::kDefaultAutoLockMinutes);
    if (minutes && minutes.value() > 0) {
        m_idle.setTimeout(std::chrono::minutes(minutes.value()));
        emit autoLockMinutesChanged();
    }
    m_visits.attach(&m_session->visits());
    m_idle.start();
    setError({});
    attachClinic();
    setState(State::Unlocked);
}

void SessionController::attachClinic()
{
    store::SettingsRepository settings = m_session->settings();
    auto account = net::ServerAccount::load(settings);
    if (!account) {
        setError(account.error().message);
        return;
    }
    if (account.value()) {
        m_pendingLink.reset();
        m_clinic
            = std::make_unique<ClinicController>(*account.value(), m_session->identity(), m_options.clock);
        if (m_clinicOptions.connect) {
            m_clinic->start();
        }
    } else {
        m_enrolment = std::make_unique<EnrolmentController>(m_session->identity(), m_clinicOptions.images);
        connect(m_enrolment.get(), &EnrolmentController::enrolled, this, &SessionController::onEnrolled);
        if (m_pendingLink) {
            m_enrolmentDeferred = false;
            (void)m_enrolment->useLink(*m_pendingLink);
            m_pendingLink.reset();
        }
    }
    emit clinicChanged();
}

void SessionController::detachClinic()
{
    if (!m_clinic && !m_enrolment) {
        return;
    }
    m_clinic.reset();
    m_enrolment.reset();
    emit clinicChanged();
}

void SessionController::onEnrolled(const net::ServerAccount& account)
{
    if (!m_session) {
        return;
    }
    store::SettingsRepository settings = m_session->settings();
    if (auto saved = account.save(settings); !saved) {
        setError(saved.error().message);
        return;
    }
    // We are inside the enrolment controller's signal: let it finish before it goes.
    m_enrolment.release()->deleteLater();
    m_clinic = std::make_unique<ClinicController>(account, m_session->identity(), m_options.clock);
    if (m_clinicOptions.connect) {
        m_clinic->start();
    }
    emit clinicChanged();
}

void SessionController::deferEnrolment()
{
    if (m_enrolment && !m_enrolmentDeferred) {
        m_enrolmentDeferred = true;
        emit clinicChanged();
    }
}

void SessionController::resumeEnrolment()
{
    if (m_enrolment && m_enrolmentDeferred) {
        m_enrolmentDeferred = false;
        emit clinicChanged();
    }
}

void SessionController::openEnrolmentLink(const crypto::SecretBytes& link)
{
    if (m_clinic) {
        setError(tr("This profile has already joined %1. To join another clinic, make a new profile.")
                     .arg(m_clinic->serverName()));
        return;
    }
    if (m_enrolment) {
        m_enrolmentDeferred = false;
        (void)m_enrolment->useLink(link);
        emit clinicChanged();
        return;
    }
    m_pendingLink.emplace(link.data(), link.size());
}

void SessionController::lock()
{
    lockFor(QStringLiteral("user"));
}

void SessionController::lockFor(const QString& reason)
{
    if (!m_session) {
        return;
    }
    m_idle.stop();
    detachClinic(); // before the session: both borrow its device identity
    m_visits.attach(nullptr);
    (void)m_session->recordLock(reason);
    m_session.reset(); // closes the database; SQLCipher wipes its key material
    if (reason == QLatin1String("idle")) {
        setError(tr("Ward locked itself after %1 without activity, to protect your health information.")
                     .arg(idleTimeText()));
    }
    setState(State::Locked);
}

void SessionController::setIdleTimeout(std::chrono::milliseconds timeout)
{
    m_idle.setTimeout(timeout);
    emit autoLockMinutesChanged();
}

QVariantMap SessionController::openVisit(qint64 id)
{
    if (!m_session) {
        return {};
    }
    auto visit = m_session->visits().view(id);
    if (!visit) {
        setError(visit.error().message);
        return {};
    }
    const store::Visit& v = visit.value();
    QStringList people;
    for (const store::Participant& p : v.participants) {
        people.append(p.displayName);
    }
    return {
        { QStringLiteral("id"), static_cast<qint64>(v.id) },
        { QStringLiteral("otherParty"), v.otherParty },
        { QStringLiteral("reason"), v.reason },
        { QStringLiteral("notes"), v.notes },
        { QStringLiteral("status"), VisitListModel::statusText(v.status) },
        { QStringLiteral("started"), timeText(v.startedAtMs) },
        { QStringLiteral("ended"), v.endedAtMs ? timeText(*v.endedAtMs) : QString() },
        { QStringLiteral("participants"), people.join(QStringLiteral(", ")) },
    };
}

bool SessionController::saveNotes(qint64 id, const QString& notes)
{
    if (!m_session) {
        return false;
    }
    if (auto status = m_session->visits().updateNotes(id, notes); !status) {
        setError(status.error().message);
        return false;
    }
    m_visits.refresh();
    return true;
}

} // namespace ward::ui
