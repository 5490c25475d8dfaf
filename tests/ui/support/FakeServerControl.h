#pragma once

#include "ui/servers/IServerControl.h"

#include <QStringList>

namespace sy::testing {

/** An IServerControl that records calls and changes state at once. */
class FakeServerControl : public IServerControl
{
    Q_OBJECT

public:
    using IServerControl::IServerControl;

    QList<ManagedServer> servers() const override { return list; }
    void start(const QString& id) override;
    void stop(const QString& id) override;
    void restart(const QString& id) override;

    void set(const QList<ManagedServer>& servers);

    QList<ManagedServer> list;
    QStringList calls; ///< "start:id", "stop:id", "restart:id"

private:
    void setState(const QString& id, ManagedServer::State state);
};

} // namespace sy::testing
