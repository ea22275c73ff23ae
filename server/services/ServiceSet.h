// Every service the server runs, built and registered in one place, so the transport knows none of them.
#pragma once

#include "services/Service.h"

#include <memory>
#include <vector>

namespace ward::server {

struct ServerContext;
class RequestRouter;

class ServiceSet {
public:
    ServiceSet(ServerContext& context, RequestRouter& router);
    ~ServiceSet();
    ServiceSet(const ServiceSet&) = delete;
    ServiceSet& operator=(const ServiceSet&) = delete;

private:
    std::vector<std::unique_ptr<Service>> m_services;
};

} // namespace ward::server
