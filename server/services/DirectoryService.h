// directory.lookup: a user's name, role and every device they ever enrolled (revoked ones with revokedMs, so
// peers learn of a revocation instead of silently losing a device). The caller becomes a contact of that
// user, so DirectoryAnnouncer tells them when the device set changes.
#pragma once

#include "services/Service.h"

namespace ward::protocol {
struct Message;
}

namespace ward::server {

struct ServerContext;
class Session;

class DirectoryService : public Service {
public:
    explicit DirectoryService(ServerContext& context)
        : m_context(context)
    { }

    void registerRoutes(RequestRouter& router) override;

private:
    void lookup(Session& session, const protocol::Message& request);

    ServerContext& m_context;
};

} // namespace ward::server
