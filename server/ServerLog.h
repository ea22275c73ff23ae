// ward-server's log: one line per notable event on stderr, with a UTC timestamp. What is logged is chosen
// by the caller from a short list (start, listening, stop, counters, refused connections): never a user
// name, a reason for a visit, a key or a message body.
#pragma once

#include <QString>

namespace ward::server {

void logEvent(const QString& line);

} // namespace ward::server
