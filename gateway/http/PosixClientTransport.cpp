#include "gateway/http/PosixClientTransport.h"

#include "gateway/core/BareSocket.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sy {

namespace {

// Bytes taken from the kernel per read; a full read is followed by another at once.
constexpr qsizetype kReadChunk = 16 * 1024;

} // namespace

PosixClientTransport::PosixClientTransport(int fd, const QHostAddress& peer, QObject* parent)
    : ClientTransport(parent)
    , m_fd(fd)
    , m_peer(peer)
{
    // Accepted descriptors come blocking (QTcpServer accepts without SOCK_NONBLOCK).
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0 && !(flags & O_NONBLOCK))
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

PosixClientTransport::~PosixClientTransport()
{
    m_receiver = nullptr;
    closeDescriptor();
}

void PosixClientTransport::setReceiver(Receiver* receiver)
{
    m_receiver = receiver;
    if (m_readNotifier || m_state == State::Closed)
        return;
    // Level-triggered: bytes already waiting are announced on the next event-loop pass.
    m_readNotifier = new DescriptorNotifier<PosixClientTransport>(
        m_fd, QSocketNotifier::Read, this, &PosixClientTransport::readReady);
}

void PosixClientTransport::readReady()
{
    char buffer[kReadChunk];
    while (m_state != State::Closed) {
        const ssize_t n = ::read(m_fd, buffer, size_t(kReadChunk));
        if (n > 0) {
            // Once closing, what the client still sends is not for anyone.
            if (m_receiver && m_state == State::Open)
                m_receiver->transportReceived(buffer, qsizetype(n));
            if (n < kReadChunk)
                return; // the kernel had no more; asking again would only say EAGAIN
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        // The client closed (or reset) its side. What is queued for it still goes out, as far
        // as it takes it; a reset connection fails that send and ends at once.
        if (n == 0 && (m_state == State::Open || m_state == State::Closing) && bytesToWrite() > 0 && !m_sendFailed) {
            m_readNotifier->setEnabled(false); // EOF stays readable: do not spin on it
            m_state = State::Closing;
            if (flushOut())
                finish();
            return;
        }
        finish();
        return;
    }
}

void PosixClientTransport::writeReady()
{
    if (m_state == State::Closed)
        return;
    const bool flushed = flushOut();
    if (m_state == State::Closed)
        return; // the send failed
    if (flushed) {
        m_writeNotifier->setEnabled(false);
        if (m_state == State::Closing) {
            shutdownSending();
            return;
        }
    }
    if (m_receiver)
        m_receiver->transportWritten();
}

void PosixClientTransport::write(QByteArrayView bytes)
{
    if (!isOpen() || bytes.isEmpty())
        return;
    if (bytesToWrite() > 0) {
        m_out.append(bytes.data(), bytes.size());
        return;
    }
    qsizetype sent = 0;
    switch (BareSocket::send(m_fd, bytes.data(), bytes.size(), &sent)) {
    case BareSocket::Sent::All:
        return;
    case BareSocket::Sent::PeerGone:
        // The client is gone. Not told from inside the caller's write: from the event loop.
        m_sendFailed = true;
        finishLater();
        return;
    case BareSocket::Sent::KernelFull:
        break;
    }
    m_out = QByteArray(bytes.data() + sent, bytes.size() - sent);
    m_outSent = 0;
    if (!m_writeNotifier)
        m_writeNotifier = new DescriptorNotifier<PosixClientTransport>(
            m_fd, QSocketNotifier::Write, this, &PosixClientTransport::writeReady);
    m_writeNotifier->setEnabled(true);
}

bool PosixClientTransport::flushOut()
{
    switch (BareSocket::send(m_fd, m_out.constData(), m_out.size(), &m_outSent)) {
    case BareSocket::Sent::KernelFull:
        return false;
    case BareSocket::Sent::PeerGone:
        finish();
        return true;
    case BareSocket::Sent::All:
        break;
    }
    m_out.clear();
    m_outSent = 0;
    return true;
}

void PosixClientTransport::close()
{
    if (m_state != State::Open)
        return;
    m_state = State::Closing;
    if (bytesToWrite() == 0)
        shutdownSending();
    // else writeReady sends the rest, then shuts down
}

void PosixClientTransport::shutdownSending()
{
    if (::shutdown(m_fd, SHUT_WR) != 0) {
        finish();
        return;
    }
    m_state = State::Draining;
    if (m_readNotifier)
        m_readNotifier->setEnabled(true);
    else
        finishLater(); // never read from: nobody waits for the client's close
}

void PosixClientTransport::abort(bool reset)
{
    if (m_state == State::Closed)
        return;
    if (reset && m_fd >= 0) {
        const linger hard{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    finish();
}

void PosixClientTransport::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    closeDescriptor();
    m_out.clear();
    m_outSent = 0;
    if (m_receiver)
        m_receiver->transportClosed();
    emit closed();
}

void PosixClientTransport::finishLater()
{
    QMetaObject::invokeMethod(this, &PosixClientTransport::finish, Qt::QueuedConnection);
}

void PosixClientTransport::closeDescriptor()
{
    BareSocket::close(m_fd, {&m_readNotifier, &m_writeNotifier});
}

} // namespace sy
