#pragma once

#include "gateway/core/RequestRecord.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QMap>

#include <deque>

namespace sy {

/**
 * The last N requests, newest first, for the dashboard's request log. Records are appended in
 * batches (GatewayMonitor flushes once a second): one row insertion at the top and one removal
 * at the bottom per batch, so a view and its filter proxy update incrementally even at
 * thousands of requests per second; the rows already there are never copied.
 */
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Key,
        Model,
        Backend,
        Status,
        Latency,
        Ttft,
        Tokens,
        Cost,
        Error,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int KeyRole = Qt::UserRole + 2; ///< the key hash ("" for the master key)
    static constexpr int ModelRole = Qt::UserRole + 3; ///< the model group
    static constexpr int StatusRole = Qt::UserRole + 4; ///< the HTTP status, an int
    static constexpr int SearchRole = Qt::UserRole + 5; ///< the text search looks in

    explicit RequestLogModel(int capacity = 1000, QObject* parent = nullptr);

    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);
    /** Adds @p records (oldest first, as the gateway sends them); held back while paused. */
    void append(QList<RequestRecord> records);
    /** Adds earlier requests (newest first, as the usage log lists them) below the rows there are. */
    void appendOlder(const QList<RequestRecord>& records);
    /**
     * Paused, new records wait (the newest `capacity` of them) instead of pushing rows from
     * under the mouse; resuming adds them.
     */
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    /** Records waiting while paused. */
    int heldCount() const { return int(m_held.size()); }
    void clear();
    const RequestRecord& record(int row) const;

    /** Keys seen, hash → what to call it; for the log's key filter. */
    const QMap<QString, QString>& keysSeen() const { return m_keys; }
    /** Model groups seen. */
    QStringList modelsSeen() const { return m_models.keys(); }

    /** What to call a key: its alias, or "Master key" for no key hash. */
    static QString keyName(const QString& hash, const QString& alias);
    /** "127.0.0.1:1234 · qwen2.5-7b": where it was served, told apart from a twin on another port. */
    static QString backendName(const QString& apiBase, const QString& provider, const QString& backendModel);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    /** New keys or models appeared in the records, for the filter's choices. */
    void choicesChanged();
    /** Records were held back or released (see setPaused()). */
    void heldChanged();

private:
    QVariant display(const RequestRecord& r, int column) const;
    void noteChoices(const QList<RequestRecord>& records);

    /** Oldest first (row 0, the newest, is the back): a batch is appended and the oldest dropped
        without moving the rest. At most m_capacity. */
    std::deque<RequestRecord> m_rows;
    QList<RequestRecord> m_held; ///< oldest first, while paused
    bool m_paused = false;
    int m_capacity;
    QMap<QString, QString> m_keys;
    QMap<QString, bool> m_models;
};

} // namespace sy
