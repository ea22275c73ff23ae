#include "services/ServiceSet.h"

#include "RequestRouter.h"
#include "ServerContext.h"

// Sign-in, enrolment and administration
#include "services/AdminService.h"
#include "services/EnrolmentService.h"
#include "services/SignInService.h"
#include "services/SignInThrottle.h"

// Directory, waiting rooms, mailbox, signalling and TURN
#include "services/DirectoryService.h"
#include "services/MailboxService.h"
#include "services/SignallingService.h"
#include "services/TurnService.h"
#include "services/WaitingRoomService.h"

namespace ward::server {

ServiceSet::ServiceSet(ServerContext& context, RequestRouter& router)
{
    // Sign-in, enrolment and administration
    auto throttle = std::make_shared<SignInThrottle>();
    m_services.push_back(std::make_unique<SignInService>(context, throttle));
    m_services.push_back(std::make_unique<EnrolmentService>(context, throttle));
    m_services.push_back(std::make_unique<AdminService>(context));

    // Directory, waiting rooms, mailbox, signalling and TURN
    m_services.push_back(std::make_unique<DirectoryService>(context));
    m_services.push_back(std::make_unique<WaitingRoomService>(context));
    m_services.push_back(std::make_unique<MailboxService>(context));
    m_services.push_back(std::make_unique<SignallingService>(context));
    m_services.push_back(std::make_unique<TurnService>(context));

    for (auto& service : m_services) {
        service->registerRoutes(router);
    }
}

ServiceSet::~ServiceSet() = default;

} // namespace ward::server
