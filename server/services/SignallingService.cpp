#include "services/SignallingService.h"

#include "RequestRouter.h"
#include "ServerContext.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "services/VisitRegistry.h"

namespace ward::server {

namespace {

// A visit id is 32 hex characters (VisitRegistry); a little room for other forms, no more.
constexpr qsizetype kMaxVisitIdChars = 64;
constexpr qsizetype kSigningKeyBytes = 32;

} // namespace

void SignallingService::registerRoutes(RequestRouter& router)
{
    router.add(protocol::type::kSignalSend, Access::SignedIn, {},
        [this](Session& session, const protocol::Message& request) { send(session, request); });
}

void SignallingService::send(Session& session, const protocol::Message& request)
{
    const protocol::BodyReader reader(request.body);
    auto visit = reader.text("visit", kMaxVisitIdChars);
    auto to = reader.userId("to");
    auto device = reader.optionalBytes("device", kSigningKeyBytes);
    auto payload = reader.blob("payload", protocol::kMaxSignalBytes);
    if (!visit || !to || !device || !payload) {
        session.fail(request,
            !visit        ? visit.error()
                : !to     ? to.error()
                : !device ? device.error()
                          : payload.error());
        return;
    }
    const SignedInDevice& caller = *session.device();
    if (!m_context.visits.joins(visit.value(), caller.userId, to.value())) {
        session.fail(request, protocol::WireError::Forbidden,
            QStringLiteral("Signalling goes only between the patient and clinician of a visit the clinic "
                           "admitted; this visit does not join you and that user."));
        return;
    }

    QCborMap body;
    body.insert(QLatin1String("visit"), visit.value());
    body.insert(QLatin1String("from"), caller.userId);
    body.insert(QLatin1String("fromDevice"), caller.signingKey);
    body.insert(QLatin1String("payload"), payload.value());
    const auto push = protocol::Message::push(QString::fromLatin1(protocol::type::kSignal), body);

    int delivered = 0;
    if (device.value()) {
        Session* target = m_context.hub.sessionOfDevice(*device.value());
        // A device key of someone else must not reach that someone: the visit joins only these two users.
        if (target != nullptr && target->device() && target->device()->userId == to.value()) {
            target->send(push);
            delivered = 1;
        }
    } else {
        delivered = m_context.hub.sendToUser(to.value(), push);
    }
    if (delivered == 0) {
        session.fail(request, protocol::WireError::Offline,
            QStringLiteral("The other side is not connected right now; try again when they are."));
        return;
    }
    QCborMap reply;
    reply.insert(QLatin1String("delivered"), delivered);
    session.reply(request, reply);
}

} // namespace ward::server
