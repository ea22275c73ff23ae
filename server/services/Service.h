// A group of request handlers with the state they share (a waiting room, the sign-in throttle). Each one
// is built with the server's context, registers its routes once, and may listen to the Hub.
#pragma once

namespace ward::server {

class RequestRouter;

class Service {
public:
    virtual ~Service() = default;
    virtual void registerRoutes(RequestRouter& router) = 0;
};

} // namespace ward::server
