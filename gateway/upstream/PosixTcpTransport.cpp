#include "gateway/upstream/PosixTcpTransport.h"

#include "gateway/core/BareSocket.h"

#include <QHostInfo>
#include <QNetworkInterface>

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// One read() takes at most this much; a full read is followed by another at once.
constexpr qsizetype kReadChunk = 64 * 1024;

QAbstractSocket::SocketError socketErrorFor(int errorNumber)
{
    switch (errorNumber) {
    case ECONNREFUSED:
        return QAbstractSocket::ConnectionRefusedError;
    case ECONNRESET:
    case EPIPE:
        return QAbstractSocket::RemoteHostClosedError;
    case ETIMEDOUT:
        return QAbstractSocket::SocketTimeoutError;
    case ENETUNREACH:
    case EHOSTUNREACH:
        return QAbstractSocket::NetworkError;
    case EADDRNOTAVAIL:
        return QAbstractSocket::SocketAddressNotAvailableError;
    case EACCES:
    case EPERM:
        return QAbstractSocket::SocketAccessError;
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
        return QAbstractSocket::SocketResourceError;
    default:
        return QAbstractSocket::NetworkError;
    }
}

/** Fills @p storage for @p address:@p port; returns its length, or 0 for a non-IP address. */
socklen_t toSockaddr(const QHostAddress& address, quint16 port, sockaddr_storage& storage)
{
    storage = {};
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto& in4 = reinterpret_cast<sockaddr_in&>(storage);
        in4.sin_family = AF_INET;
        in4.sin_port = htons(port);
        in4.sin_addr.s_addr = htonl(address.toIPv4Address());
        return sizeof in4;
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto& in6 = reinterpret_cast<sockaddr_in6&>(storage);
        in6.sin6_family = AF_INET6;
        in6.sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        memcpy(&in6.sin6_addr, bytes.c, sizeof bytes.c);
        const QString scope = address.scopeId();
        if (!scope.isEmpty()) {
            bool numeric = false;
            const uint index = scope.toUInt(&numeric);
            in6.sin6_scope_id = numeric ? index : uint(QNetworkInterface::interfaceIndexFromName(scope));
        }
        return sizeof in6;
    }
    return 0;
}

} // namespace

PosixTcpTransport::PosixTcpTransport(Events& events, QObject* parent)
    : QObject(parent)
    , m_events(events)
{ }

PosixTcpTransport::~PosixTcpTransport()
{
    abort();
}

void PosixTcpTransport::open(const QString& host, quint16 port)
{
    m_port = port;
    QHostAddress literal;
    if (literal.setAddress(host)) {
        m_addresses = {literal};
        connectNext();
        return;
    }
    m_state = State::LookingUp;
    m_lookupId = QHostInfo::lookupHost(host, this, [this](const QHostInfo& info) { hostFound(info); });
}

void PosixTcpTransport::hostFound(const QHostInfo& info)
{
    m_lookupId = -1;
    if (m_state != State::LookingUp)
        return;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        reportClosed(QAbstractSocket::HostNotFoundError,
                     info.error() != QHostInfo::NoError ? info.errorString() : u"Host not found"_s);
        return;
    }
    m_addresses = info.addresses();
    connectNext();
}

void PosixTcpTransport::connectNext()
{
    int lastError = m_connectError != 0 ? m_connectError : EADDRNOTAVAIL;
    while (m_nextAddress < m_addresses.size()) {
        sockaddr_storage address;
        const socklen_t length = toSockaddr(m_addresses.at(m_nextAddress++), m_port, address);
        if (length == 0)
            continue;
        const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            lastError = errno;
            continue;
        }
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), length) == 0 || errno == EINPROGRESS) {
            // Even a connect that completed at once is reported from the event loop, as open() promises.
            m_fd = fd;
            m_state = State::Connecting;
            m_writeNotifier = new DescriptorNotifier<PosixTcpTransport>(
                fd, QSocketNotifier::Write, this, &PosixTcpTransport::writeReady);
            return;
        }
        lastError = errno;
        ::close(fd);
    }
    m_state = State::Connecting;
    failLater(lastError);
}

void PosixTcpTransport::connectFinished()
{
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error == EINPROGRESS || error == EALREADY)
        return; // not yet: the notifier fires again
    if (error != 0) {
        closeDescriptor();
        m_connectError = error; // reported if no other address does better
        if (m_nextAddress < m_addresses.size()) {
            connectNext();
            return;
        }
        reportClosed(socketErrorFor(error), qt_error_string(error));
        return;
    }
    m_state = State::Connected;
    m_readNotifier
        = new DescriptorNotifier<PosixTcpTransport>(m_fd, QSocketNotifier::Read, this, &PosixTcpTransport::readReady);
    updateReading();
    if (bytesToWrite() == 0)
        m_writeNotifier->setEnabled(false);
    m_events.transportConnected();
}

void PosixTcpTransport::readReady()
{
    char buffer[kReadChunk];
    bool got = false;
    int error = 0;
    bool eof = false;
    for (;;) {
        const qsizetype room = m_paused ? qMin(kReadChunk, kPausedReadBuffer - m_in.size()) : kReadChunk;
        if (room <= 0)
            break;
        const ssize_t n = ::read(m_fd, buffer, size_t(room));
        if (n > 0) {
            got = true;
            if (m_in.isEmpty())
                m_in = QByteArray(buffer, n);
            else
                m_in.append(buffer, n);
            if (n < room)
                break; // the kernel had no more; asking again would only say EAGAIN
            continue;
        }
        if (n == 0)
            eof = true;
        else if (errno == EINTR)
            continue;
        else if (errno != EAGAIN && errno != EWOULDBLOCK)
            error = errno;
        break;
    }
    updateReading();
    if (got) {
        m_events.transportReadyRead();
        if (m_state != State::Connected)
            return; // aborted by the listener
    }
    if (eof)
        reportClosed(QAbstractSocket::RemoteHostClosedError, u"The remote host closed the connection"_s);
    else if (error != 0)
        fail(error);
}

void PosixTcpTransport::writeReady()
{
    if (m_state == State::Connecting) {
        connectFinished();
        return;
    }
    if (m_state == State::Connected && flushOut() && m_writeNotifier)
        m_writeNotifier->setEnabled(false);
}

void PosixTcpTransport::write(const QByteArray& data)
{
    if (m_state == State::Closed || m_sendFailed || data.isEmpty())
        return;
    if (bytesToWrite() > 0 || m_state != State::Connected) {
        m_out.append(data);
        return;
    }
    m_out = data;
    m_outSent = 0;
    if (!flushOut() && m_writeNotifier)
        m_writeNotifier->setEnabled(true);
}

/** Sends what is queued; true once nothing is left. */
bool PosixTcpTransport::flushOut()
{
    const BareSocket::Sent sent = BareSocket::send(m_fd, m_out.constData(), m_out.size(), &m_outSent);
    if (sent == BareSocket::Sent::KernelFull)
        return false;
    // On PeerGone the read side reports it: the socket reads as reset or at EOF now, and whatever
    // the peer answered first (an early 413, say) is read before that.
    m_sendFailed = m_sendFailed || sent == BareSocket::Sent::PeerGone; // and never reused
    m_out.clear();
    m_outSent = 0;
    return true;
}

QByteArray PosixTcpTransport::readAll()
{
    QByteArray data = std::exchange(m_in, {});
    updateReading();
    return data;
}

void PosixTcpTransport::setReadPaused(bool paused)
{
    m_paused = paused;
    updateReading();
}

void PosixTcpTransport::updateReading()
{
    if (!m_readNotifier)
        return;
    const bool wanted = !m_paused || m_in.size() < kPausedReadBuffer;
    if (m_readNotifier->isEnabled() != wanted)
        m_readNotifier->setEnabled(wanted);
}

void PosixTcpTransport::abort()
{
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    closeDescriptor();
    m_state = State::Closed;
    m_in.clear();
    m_out.clear();
    m_outSent = 0;
}

void PosixTcpTransport::closeDescriptor()
{
    BareSocket::close(m_fd, {&m_readNotifier, &m_writeNotifier});
}

void PosixTcpTransport::fail(int errorNumber)
{
    reportClosed(socketErrorFor(errorNumber), qt_error_string(errorNumber));
}

void PosixTcpTransport::failLater(int errorNumber)
{
    QMetaObject::invokeMethod(
        this,
        [this, errorNumber] {
            if (m_state != State::Closed)
                fail(errorNumber);
        },
        Qt::QueuedConnection);
}

void PosixTcpTransport::reportClosed(QAbstractSocket::SocketError error, const QString& message)
{
    closeDescriptor();
    m_state = State::Closed;
    m_events.transportClosed(error, message);
}

} // namespace sy
