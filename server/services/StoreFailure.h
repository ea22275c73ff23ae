// The reply a handler gives when the server's own store fails under a request: Internal, with a sentence a
// person can act on. The store's message (a path, an SQLite code) stays on the server and never reaches the
// client.
#pragma once

#include "Session.h"

namespace ward::server {

inline void failStore(Session& session, const protocol::Message& request)
{
    session.fail(request, protocol::WireError::Internal,
        QStringLiteral("The server could not read or write its store; try again in a moment, and tell the "
                       "clinic's IT if it keeps happening."));
}

} // namespace ward::server
