#pragma once

#include "gateway/http/ClientTransport.h"

#include <QByteArray>

namespace sy {

template <typename Owner>
class DescriptorNotifier;

/**
 * A plain-TCP client connection on its bare non-blocking descriptor (Linux). A request costs one
 * read() and its response one send(): no FIONREAD, no ring buffer, no signal per read, as
 * QTcpSocket would add (a tenth of the gateway thread's time per request).
 *
 * close() sends what is queued, then shuts down the sending side and reads (and drops) what the
 * client still sends until it closes too: closing with unread input would reset the connection,
 * and a reset can make the client lose the response it has not read yet. The owner bounds that
 * wait (ConnectionGuard's linger deadline aborts).
 */
class PosixClientTransport final : public ClientTransport
{
    Q_OBJECT

public:
    /** Takes over @p fd, an accepted TCP connection from @p peer. */
    PosixClientTransport(int fd, const QHostAddress& peer, QObject* parent = nullptr);
    ~PosixClientTransport() override;

    void setReceiver(Receiver* receiver) override;
    QHostAddress peerAddress() const override { return m_peer; }
    bool isOpen() const override { return m_state == State::Open && !m_sendFailed; }
    void write(QByteArrayView bytes) override;
    qint64 bytesToWrite() const override { return m_out.size() - m_outSent; }
    void close() override;
    void abort(bool reset) override;

private:
    enum class State
    {
        Open,
        Closing, ///< sending what is queued, then the FIN
        Draining, ///< FIN sent; reading until the client's
        Closed,
    };

    void readReady();
    void writeReady();
    /** Sends what is queued; true once nothing is left (or the connection failed). */
    bool flushOut();
    void shutdownSending();
    void closeDescriptor();
    void finish();
    void finishLater();

    int m_fd;
    State m_state = State::Open;
    QHostAddress m_peer;
    Receiver* m_receiver = nullptr;
    DescriptorNotifier<PosixClientTransport>* m_readNotifier = nullptr;
    DescriptorNotifier<PosixClientTransport>* m_writeNotifier = nullptr;
    QByteArray m_out;
    qsizetype m_outSent = 0;
    bool m_sendFailed = false; ///< the client is gone; told from the event loop
};

} // namespace sy
