// The sentences a person reads when the link to the clinic needs them: why sign-in stopped and what to do
// about it. One place, so the app, wardctl and the tests show the same words.
#pragma once

#include "protocol/Message.h"

#include <QString>

namespace ward::net {

// For a refused signin or resume: locked (ask the clinic's admin), revoked (enrol again), throttled (wait
// N seconds), a wrong or missing code, and the server's own sentence for anything else.
QString signInRefusalText(const protocol::ProtocolError& error);
QString totpNeededText();
QString certificateMismatchText(const QString& serverAddress);
QString offlineText(const QString& serverAddress, std::int64_t retryInMs);

} // namespace ward::net
