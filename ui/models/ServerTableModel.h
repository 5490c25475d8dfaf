#pragma once

#include "ui/servers/IServerControl.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace sy {

/**
 * The dashboard's managed-servers table: name, kind, port, state and last error, read from an
 * IServerControl and refreshed on its serversChanged(). The same list of names updates cells
 * in place (the selection stays, so the buttons keep acting on the chosen server).
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
        LastError,
        ColumnCount
    };

    explicit ServerTableModel(IServerControl* control, QObject* parent = nullptr);

    /** The server on @p row; nullptr outside the table. */
    const ServerEntry* server(int row) const;
    /** Rereads the list from the control. */
    void refresh();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const ServerEntry& s, int column) const;

    QPointer<IServerControl> m_control;
    QList<ServerEntry> m_servers;
};

} // namespace sy
