// What an administrator does over the network: invite a person (or another device of theirs), revoke a
// device, unlock an account locked by failed sign-ins. Only admins reach these routes (the router checks
// the role); every change is audited with the admin's user id.
#pragma once

#include "services/Service.h"

namespace ward::protocol {
struct Message;
}

namespace ward::server {

struct ServerContext;
class Session;

class AdminService : public Service {
public:
    explicit AdminService(ServerContext& context)
        : m_context(context)
    { }
    void registerRoutes(RequestRouter& router) override;

private:
    void inviteCreate(Session& session, const protocol::Message& request);
    void deviceRevoke(Session& session, const protocol::Message& request);
    void accountUnlock(Session& session, const protocol::Message& request);

    ServerContext& m_context;
};

} // namespace ward::server
