#include "services/ServiceSet.h"

#include "RequestRouter.h"
#include "ServerContext.h"

// Sign-in, enrolment and administration
#include "services/AdminService.h"
#include "services/EnrolmentService.h"
#include "services/SignInService.h"
#include "services/SignInThrottle.h"

// Directory, waiting rooms, mailbox, signalling and TURN

namespace ward::server {

ServiceSet::ServiceSet(ServerContext& context, RequestRouter& router)
{
    // Sign-in, enrolment and administration
    auto throttle = std::make_shared<SignInThrottle>();
    m_services.push_back(std::make_unique<SignInService>(context, throttle));
    m_services.push_back(std::make_unique<EnrolmentService>(context, throttle));
    m_services.push_back(std::make_unique<AdminService>(context));

    // Directory, waiting rooms, mailbox, signalling and TURN

    for (auto& service : m_services) {
        service->registerRoutes(router);
    }
    (void)context;
}

ServiceSet::~ServiceSet() = default;

} // namespace ward::server
