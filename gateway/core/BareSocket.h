#pragma once

// What the bare-descriptor transports share (PosixTcpTransport upstream, PosixClientTransport
// for clients; Linux): a notifier that calls its owner directly, a non-blocking send loop, and
// the teardown order of notifiers and descriptor.

#include <QEvent>
#include <QSocketNotifier>

#include <cerrno>
#include <initializer_list>
#include <sys/socket.h>
#include <unistd.h>

namespace sy {

/**
 * A socket notifier that calls a member of its owner straight from the dispatcher's event,
 * without the activated() signal in between.
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

namespace BareSocket {

enum class Sent
{
    All,
    KernelFull, ///< the rest must wait for the write notifier
    PeerGone,
};

/** Sends @p data from @p *offset on, advancing it, until all is sent, the kernel is full, or the peer is gone. */
inline Sent send(int fd, const char* data, qsizetype size, qsizetype* offset)
{
    while (*offset < size) {
        const ssize_t n = ::send(fd, data + *offset, size_t(size - *offset), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) {
            *offset += n;
            continue;
        }
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? Sent::KernelFull : Sent::PeerGone;
    }
    return Sent::All;
}

/**
 * Notifiers go before the descriptor, so the dispatcher never watches a closed (or reused)
 * number; they are deleted later because one of them may be the caller.
 */
template <typename Owner>
void close(int& fd, std::initializer_list<DescriptorNotifier<Owner>**> notifiers)
{
    for (DescriptorNotifier<Owner>** notifier : notifiers) {
        if (*notifier) {
            (*notifier)->setEnabled(false);
            (*notifier)->deleteLater();
            *notifier = nullptr;
        }
    }
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

} // namespace BareSocket

} // namespace sy
