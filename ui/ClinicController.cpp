#include "ClinicController.h"

#include "SecretText.h"

namespace ward::ui {

ClinicController::ClinicController(
    net::ServerAccount account, const crypto::DeviceIdentity& identity, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_account(std::move(account))
    , m_session(std::make_unique<net::ClientSession>(m_account, identity, clock))
{
    using crypto::credential::Role;
    if (m_account.role == Role::Patient) {
        m_room = std::make_unique<PatientRoom>(*m_session, m_account.room, clock);
    } else if (m_account.role == Role::Clinician) {
        m_queue = std::make_unique<WaitingRoomModel>(*m_session, identity, clock);
    }
    connect(m_session.get(), &net::ClientSession::stateChanged, this, &ClinicController::onStateChanged);
    connect(m_session.get(), &net::ClientSession::pushReceived, this, [this](const protocol::Message& push) {
        if (m_room) {
            m_room->handlePush(push);
        }
        if (m_queue) {
            m_queue->handlePush(push);
        }
    });
    m_status.update(m_session->state(), m_session->statusMessage());
}

ClinicController::~ClinicController()
{
    // The room and queue hold references to the session: they go first.
    m_room.reset();
    m_queue.reset();
    m_session->stop();
}

void ClinicController::start()
{
    m_session->start();
}

void ClinicController::onStateChanged(net::ConnectionState state)
{
    m_status.update(state, m_session->statusMessage());
    if (state == net::ConnectionState::Online && m_queue) {
        m_queue->refresh();
    }
}

void ClinicController::signIn(const QString& code)
{
    if (m_session->state() != net::ConnectionState::SignInNeeded) {
        return;
    }
    m_session->signIn(secretFromText(code.trimmed().remove(QLatin1Char(' '))));
}

} // namespace ward::ui
