#include "tests/ui/support/FakeServerControl.h"

namespace sy::testing {

void FakeServerControl::set(const QList<ManagedServer>& servers)
{
    list = servers;
    emit serversChanged();
}

void FakeServerControl::setState(const QString& name, ManagedServer::State state, const QString& lastError)
{
    for (ManagedServer& s : list) {
        if (s.name == name) {
            s.state = state;
            if (!lastError.isEmpty())
                s.lastError = lastError;
        }
    }
    emit serversChanged();
}

void FakeServerControl::start(const QString& name)
{
    calls << QStringLiteral("start:") + name;
    setState(name, ManagedServer::State::Ready);
}

void FakeServerControl::stop(const QString& name)
{
    calls << QStringLiteral("stop:") + name;
    setState(name, ManagedServer::State::Stopped);
}

void FakeServerControl::restart(const QString& name)
{
    calls << QStringLiteral("restart:") + name;
    setState(name, ManagedServer::State::Ready);
}

} // namespace sy::testing
