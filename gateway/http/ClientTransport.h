#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QObject>

namespace sy {

/**
 * The byte pipe under a client connection (ConnectionGuard): Qt's sockets (TLS, and every
 * platform), or a bare non-blocking descriptor for plain TCP on Linux (PosixClientTransport),
 * which reads each request with one read() and none of Qt's socket layer.
 *
 * Bytes are pushed to the receiver as they arrive: a receiver that wants no more simply drops
 * them, so a connection nobody reads from never spins the event loop.
 */
class ClientTransport : public QObject
{
    Q_OBJECT

public:
    class Receiver
    {
    public:
        /** Bytes from the client, in order. The receiver may close or abort the transport. */
        virtual void transportReceived(const char* data, qsizetype size) = 0;
        /** The kernel took queued output: bytesToWrite() fell. */
        virtual void transportWritten() = 0;
        /** The connection is over (the client left, an error, close() or abort()); told once. */
        virtual void transportClosed() = 0;

    protected:
        ~Receiver() = default;
    };

    using QObject::QObject;

    /** Starts delivering: bytes that came before are delivered from the event loop. */
    virtual void setReceiver(Receiver* receiver) = 0;
    virtual QHostAddress peerAddress() const = 0;
    /** Neither side has closed it yet, as far as this side knows. */
    virtual bool isOpen() const = 0;
    /** Hands @p bytes to the kernel now; what it does not take is queued and sent as it can. */
    virtual void write(QByteArrayView bytes) = 0;
    /** Bytes accepted by write() that have not reached the kernel yet. */
    virtual qint64 bytesToWrite() const = 0;
    /** Ends the connection once the queued output has gone out; transportClosed follows. */
    virtual void close() = 0;
    /**
     * Ends the connection now, dropping queued output; transportClosed is told before this returns.
     * With @p reset the client gets a reset rather than a close, and the kernel drops what it
     * still holds for it (a plain close would go on sending to a client that does not read).
     */
    virtual void abort(bool reset = false) = 0;

signals:
    /** After transportClosed: the transport may be deleted (later) from now on. */
    void closed();
};

} // namespace sy
