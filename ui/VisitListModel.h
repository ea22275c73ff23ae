// The visit history list for the home screen: newest first, fetched in pages as the list scrolls, or the
// matches of a full-text search. Reads through the unlocked session's VisitRepository; holds nothing once
// detached (on lock).
#pragma once

#include "store/VisitRepository.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace ward::ui {

class VisitListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by SessionController")
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCountProperty NOTIFY countChanged)

public:
    enum Role { IdRole = Qt::UserRole + 1, DateRole, OtherPartyRole, ReasonRole, StatusRole };
    static constexpr int kPageSize = 50;

    explicit VisitListModel(QObject* parent = nullptr);

    void attach(store::VisitRepository* repository);
    Q_INVOKABLE void refresh();

    QString query() const { return m_query; }
    void setQuery(const QString& query);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    static QString statusText(store::VisitStatus status);

signals:
    void queryChanged();
    void countChanged();
    void loadFailed(const QString& message);

private:
    int rowCountProperty() const { return rowCount(); }

    store::VisitRepository* m_repository = nullptr;
    std::vector<store::VisitSummary> m_rows;
    QString m_query;
    bool m_more = false;
};

} // namespace ward::ui
