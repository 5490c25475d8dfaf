#include "gateway/upstream/QtSocketTransport.h"

#include <QTcpSocket>
#if QT_CONFIG(ssl)
#include <QSslSocket>
#endif

using namespace Qt::StringLiterals;

namespace sy {

QtSocketTransport::QtSocketTransport(Events& events, bool tls, bool verifyTls, QObject* parent)
    : QObject(parent)
    , m_events(events)
    , m_tls(tls)
{
#if QT_CONFIG(ssl)
    if (tls) {
        auto* ssl = new QSslSocket(this);
        ssl->setPeerVerifyMode(verifyTls ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        connect(ssl, &QSslSocket::encrypted, this, [this] { m_events.transportEncrypted(); });
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
    connect(m_socket, &QAbstractSocket::connected, this, &QtSocketTransport::onConnected);
    connect(m_socket, &QAbstractSocket::readyRead, this, [this] { m_events.transportReadyRead(); });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &QtSocketTransport::onClosed);
    connect(
        m_socket, &QAbstractSocket::disconnected, this, [this] { onClosed(QAbstractSocket::RemoteHostClosedError); });
}

QtSocketTransport::~QtSocketTransport()
{
    // The socket's own destructor would abort() and emit signals into a half-destroyed object.
    abort();
}

void QtSocketTransport::open(const QString& host, quint16 port)
{
#if QT_CONFIG(ssl)
    if (m_tls) {
        static_cast<QSslSocket*>(m_socket)->connectToHostEncrypted(host, port);
        return;
    }
#endif
    if (m_tls) {
        // Reported from the event loop, as every other event is.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (!m_closed)
                    m_events.transportClosed(QAbstractSocket::SslInternalError,
                                             u"TLS is not available in this build"_s);
            },
            Qt::QueuedConnection);
        return;
    }
    m_socket->connectToHost(host, port);
}

void QtSocketTransport::abort()
{
    m_closed = true;
    m_socket->disconnect(this);
    m_socket->abort();
}

bool QtSocketTransport::isOpen() const
{
    return !m_closed && m_socket->state() == QAbstractSocket::ConnectedState;
}

void QtSocketTransport::write(const QByteArray& data)
{
    m_socket->write(data);
    // flush() never blocks; without it Qt waits for the write notifier, one event-loop pass later.
    m_socket->flush();
}

void QtSocketTransport::setReadPaused(bool paused)
{
    m_socket->setReadBufferSize(paused ? kPausedReadBuffer : 0);
}

void QtSocketTransport::onConnected()
{
    // The option only takes effect once a socket descriptor exists, i.e. now.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_events.transportConnected();
}

void QtSocketTransport::onClosed(QAbstractSocket::SocketError error)
{
    // Qt reports one close through errorOccurred and disconnected; the first one wins.
    if (m_closed)
        return;
    m_closed = true;
    QString message = m_socket->errorString();
    if (!m_tlsErrors.isEmpty())
        message += u": "_s + m_tlsErrors;
    m_events.transportClosed(error, message);
}

} // namespace sy
