#include "ConnectionStatus.h"

namespace ward::ui {

namespace {

net::ConnectionState toNet(ConnectionStatus::State state)
{
    switch (state) {
    case ConnectionStatus::State::Offline:
        return net::ConnectionState::Offline;
    case ConnectionStatus::State::Connecting:
        return net::ConnectionState::Connecting;
    case ConnectionStatus::State::SigningIn:
        return net::ConnectionState::SigningIn;
    case ConnectionStatus::State::Online:
        return net::ConnectionState::Online;
    case ConnectionStatus::State::SignInNeeded:
        return net::ConnectionState::SignInNeeded;
    case ConnectionStatus::State::CertificateMismatch:
        return net::ConnectionState::CertificateMismatch;
    }
    return net::ConnectionState::Offline;
}

ConnectionStatus::State fromNet(net::ConnectionState state)
{
    switch (state) {
    case net::ConnectionState::Offline:
        return ConnectionStatus::State::Offline;
    case net::ConnectionState::Connecting:
        return ConnectionStatus::State::Connecting;
    case net::ConnectionState::SigningIn:
        return ConnectionStatus::State::SigningIn;
    case net::ConnectionState::Online:
        return ConnectionStatus::State::Online;
    case net::ConnectionState::SignInNeeded:
        return ConnectionStatus::State::SignInNeeded;
    case net::ConnectionState::CertificateMismatch:
        return ConnectionStatus::State::CertificateMismatch;
    }
    return ConnectionStatus::State::Offline;
}

} // namespace

ConnectionStatus::ConnectionStatus(QObject* parent)
    : QObject(parent)
{ }

QString ConnectionStatus::text() const
{
    return net::connectionStateText(toNet(m_state));
}

QString ConnectionStatus::dotColour() const
{
    switch (m_state) {
    case State::Online:
        return QStringLiteral("#2e9d5b");
    case State::Connecting:
    case State::SigningIn:
        return QStringLiteral("#e0a100");
    case State::SignInNeeded:
        return QStringLiteral("#e06c00");
    case State::CertificateMismatch:
        return QStringLiteral("#d32f2f");
    case State::Offline:
        break;
    }
    return QStringLiteral("#9aa5a5");
}

void ConnectionStatus::update(net::ConnectionState state, const QString& message)
{
    const State next = fromNet(state);
    if (next == m_state && message == m_message) {
        return;
    }
    m_state = next;
    m_message = message;
    emit changed();
}

} // namespace ward::ui
