#include "services/MailboxService.h"

#include "RequestRouter.h"
#include "ServerContext.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "services/StoreFailure.h"
#include "store/AccountRepository.h"
#include "store/DeviceRepository.h"
#include "store/MailboxRepository.h"

#include <QDebug>
#include <limits>

namespace ward::server {

namespace {

protocol::Message deliverPush(const MailboxEnvelope& row)
{
    QCborMap body;
    body.insert(QLatin1String("id"), static_cast<qint64>(row.id));
    body.insert(QLatin1String("from"), row.senderId);
    body.insert(QLatin1String("fromDevice"), row.senderDevice);
    body.insert(QLatin1String("sentMs"), static_cast<qint64>(row.sentMs));
    body.insert(QLatin1String("envelope"), row.envelope);
    return protocol::Message::push(QString::fromLatin1(protocol::type::kMailDeliver), body);
}

} // namespace

MailboxService::MailboxService(ServerContext& context, MailboxLimits limits)
    : m_context(context)
    , m_limits(limits)
{
    sweep();
    m_sweepTimer.setInterval(kSweepIntervalMs);
    m_sweepTimer.callOnTimeout([this] { sweep(); });
    m_sweepTimer.start();
    m_context.hub.onSignedIn([this](Session& session) { deliverStored(session); });
}

void MailboxService::registerRoutes(RequestRouter& router)
{
    router.add(protocol::type::kMailSend, Access::SignedIn, {},
        [this](Session& session, const protocol::Message& request) { send(session, request); });
    router.add(protocol::type::kMailAck, Access::SignedIn, {},
        [this](Session& session, const protocol::Message& request) { acknowledge(session, request); });
}

void MailboxService::sweep()
{
    if (auto status = MailboxRepository(m_context.db).sweep(m_context.clock()); !status) {
        // Expired rows are filtered out of every read, so a failed sweep only delays freeing space.
        qWarning("mailbox: sweeping expired envelopes failed; will try again");
    }
}

void MailboxService::send(Session& session, const protocol::Message& request)
{
    const protocol::BodyReader reader(request.body);
    auto to = reader.userId("to");
    if (!to) {
        session.fail(request, to.error());
        return;
    }
    auto envelope = reader.blob("envelope", protocol::kMaxEnvelopeBytes);
    if (!envelope) {
        session.fail(request, envelope.error());
        return;
    }
    auto ttl = reader.integer("ttlSeconds", kMinTtlSeconds, kMaxTtlSeconds);
    if (!ttl) {
        session.fail(request, ttl.error());
        return;
    }

    auto account = AccountRepository(m_context.db).find(to.value());
    auto devices = DeviceRepository(m_context.db).listForUser(to.value());
    if (!account || !devices) {
        failStore(session, request);
        return;
    }
    std::vector<QByteArray> recipients;
    for (const DeviceRecord& device : devices.value()) {
        if (!device.revokedMs) {
            recipients.push_back(device.signingKey);
        }
    }
    if (!account.value() || recipients.empty()) {
        session.fail(request, protocol::WireError::NotFound,
            QStringLiteral("There is no user \"%1\" with an enrolled device at this clinic; check the name.")
                .arg(to.value()));
        return;
    }

    const std::int64_t nowMs = m_context.clock();
    MailboxRepository mailbox(m_context.db);
    auto usage = mailbox.usage(to.value(), nowMs);
    if (!usage) {
        failStore(session, request);
        return;
    }
    const auto copies = static_cast<std::int64_t>(recipients.size());
    if (usage->envelopes + copies > m_limits.maxEnvelopes
        || usage->bytes + copies * envelope->size() > m_limits.maxBytes) {
        session.fail(request, protocol::WireError::QuotaExceeded,
            QStringLiteral("%1's mailbox is full until their devices collect what is waiting; try again "
                           "later.")
                .arg(to.value()));
        return;
    }

    const SignedInDevice& sender = *session.device();
    MailboxEnvelope row { 0, to.value(), {}, sender.userId, sender.signingKey, nowMs,
        nowMs + ttl.value() * 1000, envelope.value() };
    auto stored = mailbox.store(row, recipients);
    if (!stored) {
        failStore(session, request);
        return;
    }
    QCborMap reply;
    reply.insert(QLatin1String("id"), static_cast<qint64>(stored->front().id));
    session.reply(request, reply);
    for (const MailboxEnvelope& copy : stored.value()) {
        m_context.hub.sendToDevice(copy.recipientDevice, deliverPush(copy));
    }
}

void MailboxService::acknowledge(Session& session, const protocol::Message& request)
{
    auto id = protocol::BodyReader(request.body).integer("id", 1, std::numeric_limits<qint64>::max());
    if (!id) {
        session.fail(request, id.error());
        return;
    }
    auto removed = MailboxRepository(m_context.db).acknowledge(id.value(), session.device()->signingKey);
    if (!removed) {
        failStore(session, request);
        return;
    }
    if (!removed.value()) {
        session.fail(request, protocol::WireError::NotFound,
            QStringLiteral("This device has no envelope with that id; it may already be acknowledged."));
        return;
    }
    session.reply(request);
}

void MailboxService::deliverStored(Session& session)
{
    const QByteArray& device = session.device()->signingKey;
    auto pending = MailboxRepository(m_context.db)
                       .pending(device, m_context.clock(), static_cast<int>(m_limits.maxEnvelopes));
    if (!pending) {
        qWarning("mailbox: reading stored envelopes for a device failed");
        return;
    }
    for (const MailboxEnvelope& row : pending.value()) {
        session.send(deliverPush(row));
    }
}

} // namespace ward::server
