#include "gateway/upstream/UpstreamConnection.h"

#include <QTcpSocket>
#if QT_CONFIG(ssl)
#include <QSslSocket>
#endif

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// While paused, Qt stops reading from the kernel once this much is buffered; the kernel's
// receive window then fills and the backend blocks in write().
constexpr qint64 kPausedReadBuffer = 16 * 1024;

} // namespace

UpstreamConnection::UpstreamConnection(const UpstreamOrigin& origin, bool verifyTls, QObject* parent)
    : QObject(parent)
    , m_origin(origin)
{
#if QT_CONFIG(ssl)
    if (origin.tls) {
        auto* ssl = new QSslSocket(this);
        ssl->setPeerVerifyMode(verifyTls ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        connect(ssl, &QSslSocket::encrypted, this, &UpstreamConnection::onEncrypted);
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
            for (const QSslError& e : errors)
                m_tlsErrors += (m_tlsErrors.isEmpty() ? u""_s : u"; "_s) + e.errorString();
        });
        m_socket = ssl;
    }
#else
    Q_UNUSED(verifyTls)
#endif
    if (!m_socket)
        m_socket = new QTcpSocket(this);
    connect(m_socket, &QAbstractSocket::connected, this, &UpstreamConnection::onConnected);
    connect(m_socket, &QAbstractSocket::readyRead, this, [this] {
        if (m_listener)
            m_listener->connectionReadyRead(this);
    });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &UpstreamConnection::onSocketClosed);
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] {
        onSocketClosed(QAbstractSocket::RemoteHostClosedError);
    });
}

UpstreamConnection::~UpstreamConnection()
{
    // The socket's own destructor would abort() and emit signals into a half-destroyed object.
    close();
}

void UpstreamConnection::open()
{
#if QT_CONFIG(ssl)
    if (m_origin.tls) {
        static_cast<QSslSocket*>(m_socket)->connectToHostEncrypted(m_origin.host, m_origin.port);
        return;
    }
#endif
    if (m_origin.tls) {
        m_errorString = u"TLS is not available in this build"_s;
        m_error = QAbstractSocket::SslInternalError;
        onSocketClosed(m_error);
        return;
    }
    m_socket->connectToHost(m_origin.host, m_origin.port);
}

void UpstreamConnection::close()
{
    if (!m_socket)
        return;
    m_listener = nullptr;
    if (m_stage != Stage::Closed) {
        m_closedStage = m_stage;
        m_stage = Stage::Closed;
    }
    m_socket->disconnect(this);
    m_socket->abort();
}

bool UpstreamConnection::isUsable() const
{
    // Unsent bytes mean the server answered before reading the whole request (an early 413,
    // say): what it would make of the rest is anyone's guess, so such a connection is not reused.
    return m_stage == Stage::Ready && m_socket->state() == QAbstractSocket::ConnectedState
        && m_socket->bytesAvailable() == 0 && m_socket->bytesToWrite() == 0;
}

void UpstreamConnection::write(const QByteArray& data)
{
    m_socket->write(data);
    // flush() never blocks; without it Qt waits for the write notifier, one event-loop pass later.
    m_socket->flush();
}

QByteArray UpstreamConnection::readAll()
{
    return m_socket->readAll();
}

qint64 UpstreamConnection::bytesAvailable() const
{
    return m_socket->bytesAvailable();
}

void UpstreamConnection::setReadPaused(bool paused)
{
    m_socket->setReadBufferSize(paused ? kPausedReadBuffer : 0);
}

void UpstreamConnection::onConnected()
{
    // The option only takes effect once a socket descriptor exists, i.e. now.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_origin.tls)
        m_stage = Stage::Handshaking;
    else
        becomeReady();
}

void UpstreamConnection::onEncrypted()
{
    becomeReady();
}

void UpstreamConnection::becomeReady()
{
    m_stage = Stage::Ready;
    if (m_listener)
        m_listener->connectionReady(this);
}

void UpstreamConnection::onSocketClosed(QAbstractSocket::SocketError error)
{
    // Qt reports one close through errorOccurred and disconnected; the first one wins.
    if (m_stage == Stage::Closed)
        return;
    m_closedStage = m_stage;
    m_stage = Stage::Closed;
    m_error = error;
    if (m_errorString.isEmpty())
        m_errorString = m_socket->errorString();
    if (!m_tlsErrors.isEmpty())
        m_errorString += u": "_s + m_tlsErrors;
    if (m_listener)
        m_listener->connectionClosed(this);
}

} // namespace sy
