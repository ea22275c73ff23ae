#include "net/ConnectionState.h"

namespace ward::net {

QString connectionStateText(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Offline:
        return QStringLiteral("Offline");
    case ConnectionState::Connecting:
        return QStringLiteral("Connecting…");
    case ConnectionState::SigningIn:
        return QStringLiteral("Signing in…");
    case ConnectionState::Online:
        return QStringLiteral("Online");
    case ConnectionState::SignInNeeded:
        return QStringLiteral("Sign-in needed");
    case ConnectionState::CertificateMismatch:
        return QStringLiteral("Server identity changed");
    }
    return QStringLiteral("Offline");
}

} // namespace ward::net
