#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QString>

namespace sy {

/**
 * The byte pipe under an UpstreamConnection: Qt's sockets (TLS, and every platform), or a bare
 * non-blocking descriptor for plain TCP on Linux (PosixTcpTransport), which skips Qt's socket
 * layer on every read of a relayed stream.
 *
 * No event is reported from inside open() or a read, and none after abort(); write() may report
 * the close a failed send causes.
 */
class UpstreamTransport
{
public:
    class Events
    {
    public:
        /** TCP is up. */
        virtual void transportConnected() = 0;
        /** TLS is up (TLS transports only; after transportConnected()). */
        virtual void transportEncrypted() = 0;
        virtual void transportReadyRead() = 0;
        /** EOF or error, once; readAll() still returns what arrived before. */
        virtual void transportClosed(QAbstractSocket::SocketError error, const QString& message) = 0;

    protected:
        ~Events() = default;
    };

    virtual ~UpstreamTransport() = default;

    /** Starts the (asynchronous) host lookup and connect. */
    virtual void open(const QString& host, quint16 port) = 0;
    /** Drops the connection at once; no event follows. */
    virtual void abort() = 0;
    /** Connected (TCP), and neither end has closed it yet as far as this side knows. */
    virtual bool isOpen() const = 0;

    /** Queues @p data and pushes it to the kernel now rather than on the next event-loop pass. */
    virtual void write(const QByteArray& data) = 0;
    virtual qint64 bytesToWrite() const = 0;
    virtual QByteArray readAll() = 0;
    virtual qint64 bytesAvailable() const = 0;
    /** Stops reading from the kernel once a little is buffered, so TCP pushes back on the peer. */
    virtual void setReadPaused(bool paused) = 0;
};

/** How much a paused transport keeps reading before it stops and lets the kernel's window fill. */
inline constexpr qint64 kPausedReadBuffer = 16 * 1024;

} // namespace sy
