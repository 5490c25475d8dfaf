#include "tests/ui/support/FakeServerControl.h"

namespace sy::testing {

void FakeServerControl::set(const QList<ServerEntry>& servers)
{
    list = servers;
    emit serversChanged();
}

void FakeServerControl::setState(const QString& name, ServerEntry::State state, const QString& lastError)
{
    for (ServerEntry& s : list) {
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
    setState(name, ServerEntry::State::Ready);
}

void FakeServerControl::stop(const QString& name)
{
    calls << QStringLiteral("stop:") + name;
    setState(name, ServerEntry::State::Stopped);
}

void FakeServerControl::restart(const QString& name)
{
    calls << QStringLiteral("restart:") + name;
    setState(name, ServerEntry::State::Ready);
}

} // namespace sy::testing
