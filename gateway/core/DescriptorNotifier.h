#pragma once

#include <QEvent>
#include <QSocketNotifier>

namespace sy {

/**
 * A socket notifier that calls a member of its owner straight from the dispatcher's event,
 * without the activated() signal in between: the bare-descriptor transports (PosixTcpTransport,
 * PosixClientTransport) take every read of a relayed stream through one.
 */
template <typename Owner>
class DescriptorNotifier final : public QSocketNotifier
{
public:
    using Handler = void (Owner::*)();

    DescriptorNotifier(int fd, Type type, Owner* owner, Handler handler)
        : QSocketNotifier(fd, type, owner)
        , m_owner(owner)
        , m_handler(handler)
    { }

protected:
    bool event(QEvent* e) override
    {
        if (e->type() != QEvent::SockAct)
            return QSocketNotifier::event(e);
        (m_owner->*m_handler)();
        return true;
    }

private:
    Owner* m_owner;
    Handler m_handler;
};

} // namespace sy
