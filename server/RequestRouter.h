// Dispatches each parsed request to its handler after the checks every request gets: a known type, a
// signed-in session unless the route is open to anyone, and a role the route allows. The role check lives
// here and only here, so no handler can forget it; a refusal is an error reply (UnknownType,
// Unauthenticated, Forbidden) and is counted in ServerStats. Pushes (id 0) from a client are refused as
// Malformed. Server thread only.
#pragma once

#include "ServerStats.h"
#include "Session.h"

#include <QHash>
#include <functional>
#include <initializer_list>
#include <vector>

namespace ward::server {

enum class Access { Anyone, SignedIn };

class RequestRouter {
public:
    using Handler = std::function<void(Session&, const protocol::Message&)>;

    explicit RequestRouter(ServerStats& stats)
        : m_stats(stats)
    { }

    // `roles` empty with Access::SignedIn means every signed-in role.
    void add(const char* type, Access access, std::initializer_list<crypto::credential::Role> roles,
        Handler handler);
    void dispatch(Session& session, const protocol::Message& request) const;
    bool knows(const QString& type) const { return m_routes.contains(type); }

private:
    struct Route {
        Access access = Access::SignedIn;
        std::vector<crypto::credential::Role> roles;
        Handler handler;
    };
    ServerStats& m_stats;
    QHash<QString, Route> m_routes;
};

} // namespace ward::server
