#pragma once

#include "gateway/upstream/UpstreamRequest.h"
#include "gateway/upstream/UpstreamTransport.h"

#include <QAbstractSocket>
#include <QObject>

namespace sy {

/**
 * One TCP (or TLS) connection to an upstream origin. It only moves bytes: the current owner, a
 * call while busy or the pool while idle, hears about its events through a Listener, which
 * avoids connecting and disconnecting signals each time the connection changes hands.
 */
class UpstreamConnection : public QObject, private UpstreamTransport::Events
{
    Q_OBJECT

public:
    class Listener
    {
    public:
        virtual void connectionReady(UpstreamConnection* connection) = 0;
        virtual void connectionReadyRead(UpstreamConnection* connection) = 0;
        /** EOF or error; readAll() still returns what arrived before. See closedStage(). */
        virtual void connectionClosed(UpstreamConnection* connection) = 0;

    protected:
        ~Listener() = default;
    };

    enum class Stage
    {
        Connecting,
        Handshaking, ///< TCP is up, TLS is not yet
        Ready,
        Closed,
    };

    UpstreamConnection(const UpstreamOrigin& origin, bool verifyTls, QObject* parent = nullptr);
    ~UpstreamConnection() override;

    /** Starts the (asynchronous) host lookup and connect. */
    void open();
    /** Drops the connection at once; no listener call follows. */
    void close();

    void setListener(Listener* listener) { m_listener = listener; }
    const UpstreamOrigin& origin() const { return m_origin; }
    Stage stage() const { return m_stage; }
    /** The stage the connection had reached when it closed. */
    Stage closedStage() const { return m_closedStage; }
    /** Ready, still connected, nothing unsolicited waiting to be read, nothing left to send. */
    bool isUsable() const;

    /** Queues @p data and pushes it to the kernel now rather than on the next event-loop pass. */
    void write(const QByteArray& data) { m_transport->write(data); }
    QByteArray readAll() { return m_transport->readAll(); }
    qint64 bytesAvailable() const { return m_transport->bytesAvailable(); }
    /** Stops reading from the kernel, so TCP flow control pushes back on the peer. */
    void setReadPaused(bool paused) { m_transport->setReadPaused(paused); }

    /** Why the connection closed, e.g. "Connection refused"; TLS errors are included. */
    QString errorString() const { return m_errorString; }
    QAbstractSocket::SocketError error() const { return m_error; }

    /** When the connection was parked, in ms of the pool's clock. */
    qint64 idleSinceMs() const { return m_idleSinceMs; }
    void markIdle(qint64 nowMs) { m_idleSinceMs = nowMs; }

    /**
     * Whether plain-TCP connections use PosixTcpTransport: on Linux, unless the environment
     * says SWITCHYARD_UPSTREAM_SOCKETS=qt (for comparing, or to rule it out).
     */
    static bool usesPosixTransport();

private:
    void transportConnected() override;
    void transportEncrypted() override;
    void transportReadyRead() override;
    void transportClosed(QAbstractSocket::SocketError error, const QString& message) override;
    void becomeReady();

    UpstreamOrigin m_origin;
    UpstreamTransport* m_transport = nullptr; ///< a child QObject
    Listener* m_listener = nullptr;
    Stage m_stage = Stage::Connecting;
    Stage m_closedStage = Stage::Closed;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
    QString m_errorString;
    qint64 m_idleSinceMs = 0;
};

} // namespace sy
