// mail.send and mail.ack: a store-and-forward mailbox of opaque envelopes (ratchet messages the server
// cannot read). Each envelope is kept once per non-revoked device of the recipient, delivered with
// mail.deliver to a device as soon as it is connected (everything stored, in id order, when it signs in),
// and deleted when that device acknowledges it or its time-to-live runs out. Expired envelopes are swept
// at start and every minute and are never delivered. Server thread only.
#pragma once

#include "services/Service.h"

#include <QTimer>
#include <cstdint>

namespace ward::protocol {
struct Message;
}

namespace ward::server {

struct ServerContext;
struct MailboxEnvelope;
class Session;

struct MailboxLimits {
    // What one recipient may hold across all their devices before senders get QuotaExceeded.
    std::int64_t maxEnvelopes = 1000;
    std::int64_t maxBytes = 32LL * 1024 * 1024;
};

class MailboxService : public Service {
public:
    static constexpr std::int64_t kMinTtlSeconds = 60;
    static constexpr std::int64_t kMaxTtlSeconds = 30LL * 24 * 3600;
    static constexpr int kSweepIntervalMs = 60'000;

    explicit MailboxService(ServerContext& context, MailboxLimits limits = {});

    void registerRoutes(RequestRouter& router) override;
    // Deletes expired envelopes now (the timer does this every minute).
    void sweep();

private:
    void send(Session& session, const protocol::Message& request);
    void acknowledge(Session& session, const protocol::Message& request);
    void deliverStored(Session& session);

    ServerContext& m_context;
    MailboxLimits m_limits;
    QTimer m_sweepTimer;
};

} // namespace ward::server
