#include "WaitingRoomModel.h"

#include "crypto/DeviceIdentity.h"
#include "net/VisitReason.h"
#include "protocol/BodyReader.h"
#include "protocol/MessageTypes.h"
#include "protocol/ProtocolLimits.h"

#include <QCborArray>
#include <QCborMap>
#include <QPointer>

namespace ward::ui {

namespace {

using protocol::BodyReader;
constexpr qint64 kMaxTimeMs = 253'402'300'799'000; // year 9999

} // namespace

WaitingRoomModel::WaitingRoomModel(
    net::ClientSession& session, const crypto::DeviceIdentity& identity, Clock clock, QObject* parent)
    : QAbstractListModel(parent)
    , m_session(session)
    , m_identity(identity)
    , m_clock(std::move(clock))
{
    // Minutes are what people read; a tick every 15 s keeps them at most a quarter-minute late.
    m_tick.setInterval(15'000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (!m_entries.isEmpty()) {
            emit dataChanged(index(0), index(count() - 1), { MinutesRole, WaitingTextRole });
        }
    });
    m_tick.start();
}

int WaitingRoomModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

int WaitingRoomModel::minutesWaiting(const Entry& entry) const
{
    return static_cast<int>(std::max<std::int64_t>(0, m_clock() - entry.sinceMs) / 60'000);
}

QVariant WaitingRoomModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= count()) {
        return {};
    }
    const Entry& entry = m_entries.at(index.row());
    switch (role) {
    case UserRole:
        return entry.user;
    case NameRole:
        return entry.name;
    case MinutesRole:
        return minutesWaiting(entry);
    case WaitingTextRole: {
        const int minutes = minutesWaiting(entry);
        return minutes < 1 ? tr("just arrived") : tr("%n min", nullptr, minutes);
    }
    case StateRole:
        return entry.disconnected ? tr("Disconnected") : tr("Waiting");
    case DisconnectedRole:
        return entry.disconnected;
    case ReasonRole:
        return entry.reason;
    default:
        return {};
    }
}

QHash<int, QByteArray> WaitingRoomModel::roleNames() const
{
    return { { UserRole, "user" }, { NameRole, "name" }, { MinutesRole, "minutes" },
        { WaitingTextRole, "waitingText" }, { StateRole, "stateText" }, { DisconnectedRole, "disconnected" },
        { ReasonRole, "reason" } };
}

void WaitingRoomModel::setMessage(const QString& message)
{
    if (m_message != message) {
        m_message = message;
        emit messageChanged();
    }
}

QString WaitingRoomModel::openReason(const QCborMap& entry) const
{
    // The reason is PHI the clinician reads on screen, so it becomes text here; the opened bytes are wiped.
    const crypto::SecretBytes opened = net::openVisitReason(entry, m_identity);
    return QString::fromUtf8(
        reinterpret_cast<const char*>(opened.data()), static_cast<qsizetype>(opened.size()));
}

Status WaitingRoomModel::load(const QCborMap& queue)
{
    const BodyReader reader(queue);
    auto entries = reader.mapArray("entries", protocol::kMaxListItems);
    if (!entries) {
        return makeError(ErrorCode::Corrupt, entries.error().message);
    }
    QVector<Entry> next;
    for (const auto& value : entries.value()) {
        const QCborMap item = value.toMap();
        const BodyReader fields(item);
        auto user = fields.userId("user");
        auto name = fields.text("name", protocol::kMaxNameChars);
        auto since = fields.integer("sinceMs", 0, kMaxTimeMs);
        auto state = fields.text("state", 16);
        if (!user || !name || !since || !state) {
            return makeError(ErrorCode::Corrupt,
                tr("The clinic server sent a waiting room Ward cannot read. Update Ward or call the "
                   "clinic."));
        }
        next.append({ user.value(), name.value(), since.value(),
            state.value() == QLatin1String("disconnected"), openReason(item) });
    }
    beginResetModel();
    m_entries = std::move(next);
    endResetModel();
    emit countChanged();
    return {};
}

void WaitingRoomModel::refresh()
{
    if (m_session.state() != net::ConnectionState::Online) {
        return;
    }
    QPointer<WaitingRoomModel> self(this);
    m_session.request(
        protocol::type::kRoomQueue, {}, [self](const Result<QCborMap, protocol::ProtocolError>& reply) {
            if (!self) {
                return;
            }
            if (!reply) {
                self->setMessage(reply.error().message);
                return;
            }
            if (auto loaded = self->load(reply.value()); !loaded) {
                self->setMessage(loaded.error().message);
            }
        });
}

void WaitingRoomModel::admit(const QString& user)
{
    QString name = user;
    for (const Entry& entry : m_entries) {
        name = entry.user == user ? entry.name : name;
    }
    QCborMap body;
    body.insert(QStringLiteral("user"), user);
    QPointer<WaitingRoomModel> self(this);
    m_session.request(protocol::type::kRoomAdmit, body,
        [self, name](const Result<QCborMap, protocol::ProtocolError>& reply) {
            if (!self) {
                return;
            }
            // The visit itself (the call) comes with a later version; for now Ward says who was admitted.
            self->setMessage(reply ? tr("%1 was told you are ready. The video visit opens here in a later "
                                        "version of Ward.")
                                         .arg(name)
                                   : reply.error().message);
            self->refresh();
        });
}

void WaitingRoomModel::sendBack(const QString& user)
{
    QCborMap body;
    body.insert(QStringLiteral("user"), user);
    QPointer<WaitingRoomModel> self(this);
    m_session.request(
        protocol::type::kRoomReturn, body, [self](const Result<QCborMap, protocol::ProtocolError>& reply) {
            if (!self) {
                return;
            }
            self->setMessage(reply ? QString() : reply.error().message);
            self->refresh();
        });
}

void WaitingRoomModel::handlePush(const protocol::Message& push)
{
    if (push.type == QLatin1String(protocol::type::kRoomChanged)) {
        refresh();
    }
}

} // namespace ward::ui
