// signal.send: relays an opaque payload (Noise handshake messages, ICE candidates) between the two parties
// of a visit the server admitted, to one named device or every connected device of the peer. Nothing is
// stored: a peer with no connected device is Offline, and the caller retries or gives up.
#pragma once

#include "services/Service.h"

namespace ward::protocol {
struct Message;
}

namespace ward::server {

struct ServerContext;
class Session;

class SignallingService : public Service {
public:
    explicit SignallingService(ServerContext& context)
        : m_context(context)
    { }

    void registerRoutes(RequestRouter& router) override;

private:
    void send(Session& session, const protocol::Message& request);

    ServerContext& m_context;
};

} // namespace ward::server
