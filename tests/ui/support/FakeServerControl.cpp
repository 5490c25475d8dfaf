#include "tests/ui/support/FakeServerControl.h"

namespace sy::testing {

void FakeServerControl::set(const QList<ManagedServer>& servers)
{
    list = servers;
    emit serversChanged();
}

void FakeServerControl::setState(const QString& id, ManagedServer::State state)
{
    for (ManagedServer& s : list) {
        if (s.id == id)
            s.state = state;
    }
    emit serversChanged();
}

void FakeServerControl::start(const QString& id)
{
    calls << QStringLiteral("start:") + id;
    setState(id, ManagedServer::State::Running);
}

void FakeServerControl::stop(const QString& id)
{
    calls << QStringLiteral("stop:") + id;
    setState(id, ManagedServer::State::Stopped);
}

void FakeServerControl::restart(const QString& id)
{
    calls << QStringLiteral("restart:") + id;
    setState(id, ManagedServer::State::Running);
}

} // namespace sy::testing
