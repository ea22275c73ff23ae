#include "VisitListModel.h"

#include <QDateTime>
#include <QLocale>

namespace ward::ui {

VisitListModel::VisitListModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

QString VisitListModel::statusText(store::VisitStatus status)
{
    switch (status) {
    case store::VisitStatus::Scheduled:
        return tr("Scheduled");
    case store::VisitStatus::Waiting:
        return tr("Waiting");
    case store::VisitStatus::InProgress:
        return tr("In progress");
    case store::VisitStatus::Completed:
        return tr("Completed");
    case store::VisitStatus::Cancelled:
        return tr("Cancelled");
    case store::VisitStatus::Missed:
        return tr("Missed");
    }
    return {};
}

void VisitListModel::attach(store::VisitRepository* repository)
{
    m_repository = repository;
    if (repository == nullptr) {
        m_query.clear();
        emit queryChanged();
    }
    refresh();
}

void VisitListModel::setQuery(const QString& query)
{
    if (query == m_query) {
        return;
    }
    m_query = query;
    emit queryChanged();
    refresh();
}

void VisitListModel::refresh()
{
    beginResetModel();
    m_rows.clear();
    m_more = false;
    if (m_repository != nullptr) {
        auto rows = m_query.trimmed().isEmpty()
            ? m_repository->newest(kPageSize, 0)
            : m_repository->search(m_query, store::VisitRepository::kMaxPageSize);
        if (rows) {
            m_rows = std::move(rows).value();
            m_more = m_query.trimmed().isEmpty() && static_cast<int>(m_rows.size()) == kPageSize;
        } else {
            emit loadFailed(rows.error().message);
        }
    }
    endResetModel();
    emit countChanged();
}

int VisitListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant VisitListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size())) {
        return {};
    }
    const store::VisitSummary& v = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case IdRole:
        return static_cast<qint64>(v.id);
    case DateRole:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(v.startedAtMs), QLocale::ShortFormat);
    case OtherPartyRole:
        return v.otherParty;
    case ReasonRole:
        return v.reason;
    case StatusRole:
        return statusText(v.status);
    default:
        return {};
    }
}

QHash<int, QByteArray> VisitListModel::roleNames() const
{
    return { { IdRole, "visitId" }, { DateRole, "date" }, { OtherPartyRole, "otherParty" },
        { ReasonRole, "reason" }, { StatusRole, "status" } };
}

bool VisitListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_more && m_repository != nullptr;
}

void VisitListModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent)) {
        return;
    }
    auto rows = m_repository->newest(kPageSize, static_cast<int>(m_rows.size()));
    if (!rows) {
        m_more = false;
        emit loadFailed(rows.error().message);
        return;
    }
    if (!rows->empty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(rows->size()) - 1);
        m_rows.insert(m_rows.end(), rows->begin(), rows->end());
        endInsertRows();
        emit countChanged();
    }
    m_more = static_cast<int>(rows->size()) == kPageSize;
}

} // namespace ward::ui
