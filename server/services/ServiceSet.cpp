#include "services/ServiceSet.h"

#include "RequestRouter.h"
#include "ServerContext.h"

// Sign-in, enrolment and administration

// Directory, waiting rooms, mailbox, signalling and TURN

namespace ward::server {

ServiceSet::ServiceSet(ServerContext& context, RequestRouter& router)
{
    // Sign-in, enrolment and administration

    // Directory, waiting rooms, mailbox, signalling and TURN

    for (auto& service : m_services) {
        service->registerRoutes(router);
    }
    (void)context;
}

ServiceSet::~ServiceSet() = default;

} // namespace ward::server
