#pragma once

#include "ui/servers/IServerControl.h"

#include <QHash>
#include <QStringList>

namespace sy::testing {

/** An IServerControl that records calls and changes state at once. */
class FakeServerControl : public IServerControl
{
    Q_OBJECT

public:
    using IServerControl::IServerControl;

    QList<ServerEntry> servers() const override { return list; }
    QString logTail(const QString& name) const override { return logs.value(name); }
    void start(const QString& name) override;
    void stop(const QString& name) override;
    void restart(const QString& name) override;

    void set(const QList<ServerEntry>& servers);
    /** Moves @p name to @p state, as the supervisor would report it. */
    void setState(const QString& name, ServerEntry::State state, const QString& lastError = {});

    QList<ServerEntry> list;
    QStringList calls; ///< "start:name", "stop:name", "restart:name"
    QHash<QString, QString> logs; ///< what logTail() answers
};

} // namespace sy::testing
