#include "gateway/upstream/UpstreamConnection.h"

#include "gateway/upstream/QtSocketTransport.h"
#ifdef Q_OS_LINUX
#include "gateway/upstream/PosixTcpTransport.h"
#endif

namespace sy {

UpstreamConnection::UpstreamConnection(const UpstreamOrigin& origin, bool verifyTls, QObject* parent)
    : QObject(parent)
    , m_origin(origin)
{
#ifdef Q_OS_LINUX
    if (!origin.tls && usesPosixTransport())
        m_transport = new PosixTcpTransport(*this, this);
#endif
    if (!m_transport)
        m_transport = new QtSocketTransport(*this, origin.tls, verifyTls, this);
}

UpstreamConnection::~UpstreamConnection()
{
    close();
}

bool UpstreamConnection::usesPosixTransport()
{
#ifdef Q_OS_LINUX
    static const bool posix = qEnvironmentVariable("SWITCHYARD_UPSTREAM_SOCKETS") != QLatin1String("qt");
    return posix;
#else
    return false;
#endif
}

void UpstreamConnection::open()
{
    m_transport->open(m_origin.host, m_origin.port);
}

void UpstreamConnection::close()
{
    m_listener = nullptr;
    if (m_stage != Stage::Closed) {
        m_closedStage = m_stage;
        m_stage = Stage::Closed;
    }
    m_transport->abort();
}

bool UpstreamConnection::isUsable() const
{
    // Unsent bytes mean the server answered before reading the whole request (an early 413,
    // say): what it would make of the rest is anyone's guess, so such a connection is not reused.
    return m_stage == Stage::Ready && m_transport->isOpen() && m_transport->bytesAvailable() == 0
        && m_transport->bytesToWrite() == 0;
}

void UpstreamConnection::transportConnected()
{
    if (m_origin.tls)
        m_stage = Stage::Handshaking;
    else
        becomeReady();
}

void UpstreamConnection::transportEncrypted()
{
    becomeReady();
}

void UpstreamConnection::becomeReady()
{
    m_stage = Stage::Ready;
    if (m_listener)
        m_listener->connectionReady(this);
}

void UpstreamConnection::transportReadyRead()
{
    if (m_listener)
        m_listener->connectionReadyRead(this);
}

void UpstreamConnection::transportClosed(QAbstractSocket::SocketError error, const QString& message)
{
    if (m_stage == Stage::Closed)
        return;
    m_closedStage = m_stage;
    m_stage = Stage::Closed;
    m_error = error;
    m_errorString = message;
    if (m_listener)
        m_listener->connectionClosed(this);
}

} // namespace sy
