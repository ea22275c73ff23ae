// Tells everyone who looked a user up (their contacts) and the user's own other devices that the user's
// device set changed: a new device enrolled or one was revoked. Peers then fetch the directory entry again
// and show a key change before trusting it.
#pragma once

#include <QString>

namespace ward::server {

struct ServerContext;

void announceDeviceChange(ServerContext& context, const QString& userId);

} // namespace ward::server
