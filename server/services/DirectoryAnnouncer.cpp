#include "services/DirectoryAnnouncer.h"

#include "ServerContext.h"
#include "protocol/MessageTypes.h"
#include "store/Database.h"
#include "store/Statement.h"

#include <QCborMap>

namespace ward::server {

void announceDeviceChange(ServerContext& context, const QString& userId)
{
    QCborMap body;
    body.insert(QLatin1String("user"), userId);
    const auto push = protocol::Message::push(QString::fromLatin1(protocol::type::kDirectoryChanged), body);
    context.hub.sendToUser(userId, push);
    auto watchers = context.db.prepare("SELECT watcher_id FROM contacts WHERE subject_id = ?");
    if (!watchers) {
        return;
    }
    watchers->bind(1, userId);
    while (true) {
        auto row = watchers->step();
        if (!row || !row.value()) {
            break;
        }
        const QString watcher = watchers->text(0);
        if (watcher != userId) {
            context.hub.sendToUser(watcher, push);
        }
    }
}

} // namespace ward::server
