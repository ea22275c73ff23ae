// What every service reaches: the store and its audit log, the hub of connected sessions, the counters, the
// server's identity, TURN settings, the admitted visits and the clock. One per running server; everything
// in it is used from the server thread only.
#pragma once

#include "Hub.h"
#include "ServerIdentity.h"
#include "ServerStats.h"
#include "common/Clock.h"

namespace ward::store {
class AuditLog;
class Database;
} // namespace ward::store

namespace ward::server {

class VisitRegistry;

struct ServerContext {
    store::Database& db;
    store::AuditLog& audit;
    Hub& hub;
    ServerStats& stats;
    const ServerIdentity& identity;
    const TurnSettings& turn;
    VisitRegistry& visits;
    Clock clock;
};

} // namespace ward::server
