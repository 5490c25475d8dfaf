#pragma once

#include "ui/servers/IServerControl.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace sy {

/**
 * The dashboard's managed-servers table: name, kind, port, state, how long in it, process id,
 * restarts, models and last error, read from an IServerControl and refreshed on its
 * serversChanged() (and once a second for the uptime). The same list of names updates cells in
 * place (the selection stays, so the details keep showing the chosen server).
 */
class ServerTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Kind,
        Port,
        State,
        Actions, ///< empty: the page puts Start, Stop and Restart buttons there
        Uptime, ///< how long it has been ready
        Pid,
        Restarts,
        Models,
        LastError,
        ColumnCount
    };

    explicit ServerTableModel(IServerControl* control, QObject* parent = nullptr);

    /** The server on @p row; nullptr outside the table. */
    const ServerEntry* server(int row) const;
    /** Rereads the list from the control. */
    void refresh();
    /** "The time now", for uptimes (tests set it). */
    void setNow(const QDateTime& utc) { m_now = utc; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const ServerEntry& s, int column) const;

    QPointer<IServerControl> m_control;
    QList<ServerEntry> m_servers;
    QDateTime m_now;
};

} // namespace sy
