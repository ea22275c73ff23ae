#include "services/TurnService.h"

#include "RequestRouter.h"
#include "ServerContext.h"
#include "protocol/MessageTypes.h"
#include "protocol/TurnCredentials.h"

#include <QCborArray>

namespace ward::server {

void TurnService::registerRoutes(RequestRouter& router)
{
    router.add(protocol::type::kTurnCredentials, Access::SignedIn, {},
        [this](Session& session, const protocol::Message& request) { credentials(session, request); });
}

void TurnService::credentials(Session& session, const protocol::Message& request)
{
    const TurnSettings& turn = m_context.turn;
    if (turn.sharedSecret.empty()) {
        session.fail(request, protocol::WireError::NotFound,
            QStringLiteral(
                "TURN is not configured on this server, so calls can only connect directly; ask the "
                "clinic's IT to set up a relay if calls fail to connect."));
        return;
    }
    const std::int64_t expiry = m_context.clock() / 1000 + turn.lifetimeSeconds;
    const protocol::TurnCredentials minted
        = protocol::mintTurnCredentials(turn.sharedSecret, session.device()->userId, expiry);
    QCborMap body;
    body.insert(QLatin1String("username"), minted.username);
    body.insert(QLatin1String("password"), minted.password);
    body.insert(QLatin1String("expiresMs"), static_cast<qint64>(minted.expiresMs));
    body.insert(QLatin1String("uris"), QCborArray::fromStringList(turn.uris));
    session.reply(request, body);
}

} // namespace ward::server
