#include "gateway/http/QtClientTransport.h"

#include <sys/socket.h>

namespace sy {

namespace {

// Bytes taken from the socket per read.
constexpr qint64 kReadChunk = 16 * 1024;

} // namespace

QtClientTransport::QtClientTransport(QTcpSocket* socket, QObject* parent)
    : ClientTransport(parent)
    , m_socket(socket)
    , m_peer(socket->peerAddress())
{
    socket->setParent(this);
    connect(socket, &QIODevice::readyRead, this, &QtClientTransport::readAvailable);
    connect(socket, &QIODevice::bytesWritten, this, [this] {
        if (m_receiver)
            m_receiver->transportWritten();
    });
    connect(socket, &QAbstractSocket::disconnected, this, &QtClientTransport::reportClosed);
}

QtClientTransport::~QtClientTransport()
{
    m_receiver = nullptr; // the socket, a child, may say it disconnects while it goes
    if (m_socket)
        m_socket->disconnect(this);
}

void QtClientTransport::setReceiver(Receiver* receiver)
{
    m_receiver = receiver;
    // Bytes that came with the end of a TLS handshake were announced before anyone listened.
    if (m_socket && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &QtClientTransport::readAvailable, Qt::QueuedConnection);
}

bool QtClientTransport::isOpen() const
{
    return !m_closed && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void QtClientTransport::readAvailable()
{
    char buffer[kReadChunk];
    while (m_socket && m_receiver && m_socket->isOpen()) { // the receiver may have aborted
        const qint64 n = m_socket->read(buffer, kReadChunk);
        if (n <= 0)
            break;
        m_receiver->transportReceived(buffer, n);
    }
}

void QtClientTransport::write(QByteArrayView bytes)
{
    if (!isOpen() || bytes.isEmpty())
        return;
    m_socket->write(bytes.data(), bytes.size());
    // Send now rather than on the next event-loop pass: lower latency, same syscalls.
    m_socket->flush();
}

qint64 QtClientTransport::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void QtClientTransport::close()
{
    if (!m_socket)
        return;
    m_socket->flush();
    m_socket->disconnectFromHost();
}

void QtClientTransport::abort(bool reset)
{
    if (!m_socket)
        return;
    const qintptr fd = m_socket->socketDescriptor();
    if (reset && fd >= 0) {
        const linger hard{1, 0};
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    m_socket->abort();
    reportClosed(); // abort() says so itself only for a socket still connected
}

void QtClientTransport::reportClosed()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_receiver)
        m_receiver->transportClosed();
    emit closed();
}

} // namespace sy
