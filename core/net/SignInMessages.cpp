#include "net/SignInMessages.h"

namespace ward::net {

namespace {

std::int64_t wholeSeconds(std::int64_t ms)
{
    return ms <= 0 ? 1 : (ms + 999) / 1000;
}

} // namespace

QString signInRefusalText(const protocol::ProtocolError& error)
{
    using protocol::WireError;
    switch (error.wire) {
    case WireError::Locked:
        return QStringLiteral(
            "This account is locked after too many failed sign-ins. Ask the clinic's admin to "
            "unlock it.");
    case WireError::Revoked:
        return QStringLiteral("This device was removed from your clinic account. Enrol it again with a new "
                              "invitation from the clinic.");
    case WireError::Throttled:
    case WireError::RateLimited:
        return QStringLiteral("Too many sign-in attempts. Wait %1 seconds, then try again.")
            .arg(wholeSeconds(error.retryAfterMs));
    case WireError::WrongCode:
        return QStringLiteral(
            "That code was not accepted. Type the current code from your authenticator app.");
    case WireError::TotpRequired:
        return totpNeededText();
    default:
        return QStringLiteral("The server did not sign this device in: %1").arg(error.message);
    }
}

QString totpNeededText()
{
    return QStringLiteral("Type the 6-digit code from your authenticator app to sign in.");
}

QString certificateMismatchText(const QString& serverAddress)
{
    return QStringLiteral(
        "The server at %1 showed a different certificate from the one this device was given "
        "at enrolment. Do not continue: call the clinic before you sign in again.")
        .arg(serverAddress);
}

QString offlineText(const QString& serverAddress, std::int64_t retryInMs)
{
    return QStringLiteral("Cannot reach the clinic's server at %1. Trying again in %2 seconds.")
        .arg(serverAddress)
        .arg(wholeSeconds(retryInMs));
}

} // namespace ward::net
