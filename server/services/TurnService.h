// turn.credentials: short-lived TURN credentials in coturn's shared-secret scheme for the signed-in user,
// with the relay addresses the server was started with. Nothing is stored: coturn checks the password
// against the same secret. A server started without a TURN secret refuses with NotFound.
#pragma once

#include "services/Service.h"

namespace ward::protocol {
struct Message;
}

namespace ward::server {

struct ServerContext;
class Session;

class TurnService : public Service {
public:
    explicit TurnService(ServerContext& context)
        : m_context(context)
    { }

    void registerRoutes(RequestRouter& router) override;

private:
    void credentials(Session& session, const protocol::Message& request);

    ServerContext& m_context;
};

} // namespace ward::server
