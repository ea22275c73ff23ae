#include "RequestRouter.h"

#include <algorithm>

namespace ward::server {

using protocol::WireError;

void RequestRouter::add(
    const char* type, Access access, std::initializer_list<crypto::credential::Role> roles, Handler handler)
{
    m_routes.insert(QString::fromLatin1(type), Route { access, std::vector(roles), std::move(handler) });
}

void RequestRouter::dispatch(Session& session, const protocol::Message& request) const
{
    if (request.id == 0) {
        m_stats.count(ServerStats::Counter::Malformed);
        session.fail(request, WireError::Malformed, QStringLiteral("A request needs an id above 0."));
        return;
    }
    const auto route = m_routes.constFind(request.type);
    if (route == m_routes.constEnd()) {
        m_stats.count(ServerStats::Counter::UnknownType);
        session.fail(
            request, WireError::UnknownType, QStringLiteral("This server does not know that request."));
        return;
    }
    if (route->access == Access::SignedIn) {
        if (!session.signedIn()) {
            m_stats.count(ServerStats::Counter::Unauthenticated);
            session.fail(request, WireError::Unauthenticated, QStringLiteral("Sign in first."));
            return;
        }
        const auto role = session.device()->role;
        if (!route->roles.empty()
            && std::find(route->roles.begin(), route->roles.end(), role) == route->roles.end()) {
            m_stats.count(ServerStats::Counter::Forbidden);
            session.fail(request, WireError::Forbidden,
                QStringLiteral("Your role (%1) may not do this.").arg(crypto::credential::roleName(role)));
            return;
        }
    }
    m_stats.count(ServerStats::Counter::Requests);
    route->handler(session, request);
}

} // namespace ward::server
