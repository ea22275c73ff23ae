#include "services/DirectoryService.h"

#include "RequestRouter.h"
#include "ServerContext.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"
#include "services/StoreFailure.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/DeviceRepository.h"

#include <QCborArray>

namespace ward::server {

namespace {

QCborMap deviceEntry(const DeviceRecord& device)
{
    QCborMap entry;
    entry.insert(QLatin1String("signingKey"), device.signingKey);
    entry.insert(QLatin1String("staticKey"), device.staticKey);
    entry.insert(QLatin1String("staticKeySignature"), device.staticKeySignature);
    if (!device.credential.isEmpty()) {
        entry.insert(QLatin1String("credential"), device.credential);
    }
    entry.insert(QLatin1String("addedMs"), static_cast<qint64>(device.addedMs));
    if (device.revokedMs) {
        entry.insert(QLatin1String("revokedMs"), static_cast<qint64>(*device.revokedMs));
    }
    return entry;
}

} // namespace

void DirectoryService::registerRoutes(RequestRouter& router)
{
    router.add(protocol::type::kDirectoryLookup, Access::SignedIn, {},
        [this](Session& session, const protocol::Message& request) { lookup(session, request); });
}

void DirectoryService::lookup(Session& session, const protocol::Message& request)
{
    auto userId = protocol::BodyReader(request.body).userId("user");
    if (!userId) {
        session.fail(request, userId.error());
        return;
    }
    auto account = AccountRepository(m_context.db).find(userId.value());
    if (!account) {
        failStore(session, request);
        return;
    }
    if (!account.value()) {
        session.fail(request, protocol::WireError::NotFound,
            QStringLiteral("There is no user \"%1\" at this clinic; check the name and try again.")
                .arg(userId.value()));
        return;
    }
    auto devices = DeviceRepository(m_context.db).listForUser(userId.value());
    if (!devices) {
        failStore(session, request);
        return;
    }

    // A contact is recorded before the answer goes out, so a change that happens right after the lookup is
    // announced to the caller too.
    const QString& watcher = session.device()->userId;
    if (watcher != userId.value()) {
        auto insert
            = m_context.db.prepare("INSERT OR IGNORE INTO contacts (watcher_id, subject_id) VALUES (?, ?)");
        if (!insert) {
            failStore(session, request);
            return;
        }
        insert->bind(1, watcher).bind(2, userId.value());
        if (!insert->run()) {
            failStore(session, request);
            return;
        }
    }

    QCborArray list;
    for (const DeviceRecord& device : devices.value()) {
        if (list.size() >= protocol::kMaxListItems) {
            break;
        }
        list.append(deviceEntry(device));
    }
    QCborMap body;
    body.insert(QLatin1String("user"), account.value()->userId);
    body.insert(QLatin1String("name"), account.value()->displayName);
    body.insert(QLatin1String("role"), crypto::credential::roleName(account.value()->role));
    body.insert(QLatin1String("devices"), list);
    session.reply(request, body);
}

} // namespace ward::server
