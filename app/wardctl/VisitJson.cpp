#include "VisitJson.h"

#include <QDateTime>
#include <QJsonArray>

namespace ward::ctl {

QString isoTime(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString localTime(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QJsonObject toJson(const store::VisitSummary& visit)
{
    return QJsonObject {
        { QStringLiteral("id"), static_cast<qint64>(visit.id) },
        { QStringLiteral("started_at"), isoTime(visit.startedAtMs) },
        { QStringLiteral("with"), visit.otherParty },
        { QStringLiteral("reason"), visit.reason },
        { QStringLiteral("status"), store::visitStatusName(visit.status) },
    };
}

QJsonObject toJson(const store::Visit& visit)
{
    QJsonArray participants;
    for (const store::Participant& p : visit.participants) {
        participants.append(QJsonObject { { QStringLiteral("name"), p.displayName },
            { QStringLiteral("role"), p.role }, { QStringLiteral("verified"), p.verified } });
    }
    QJsonObject o = toJson(
        store::VisitSummary { visit.id, visit.startedAtMs, visit.otherParty, visit.reason, visit.status });
    o.insert(
        QStringLiteral("ended_at"), visit.endedAtMs ? QJsonValue(isoTime(*visit.endedAtMs)) : QJsonValue());
    o.insert(QStringLiteral("notes"), visit.notes);
    o.insert(QStringLiteral("participants"), participants);
    o.insert(QStringLiteral("created_at"), isoTime(visit.createdAtMs));
    o.insert(QStringLiteral("updated_at"), isoTime(visit.updatedAtMs));
    return o;
}

QJsonObject toJson(const store::AuditEntry& entry)
{
    return QJsonObject {
        { QStringLiteral("seq"), static_cast<qint64>(entry.seq) },
        { QStringLiteral("at"), isoTime(entry.atMs) },
        { QStringLiteral("event"), entry.event },
        { QStringLiteral("detail"), entry.detail },
        { QStringLiteral("hash"), QString::fromLatin1(entry.hash.toHex()) },
    };
}

} // namespace ward::ctl
