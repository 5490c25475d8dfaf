#pragma once

#include "gateway/core/GatewayConfig.h"
#include "gateway/http/ClientTransport.h"
#include "gateway/http/RequestFramer.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>

#include <deque>

namespace sy {

struct ApiError;
class IRequestHandler;
class ResponseChannel;

/**
 * Serves one client connection: feeds its bytes to a RequestFramer, hands each complete
 * request to the gateway's IRequestHandler with a response channel, and refuses oversized or
 * malformed requests with an error response. It answers `Expect: 100-continue`, runs the header,
 * body and keep-alive timeouts, and owns the order of responses: each request gets a response
 * slot, and only the oldest open slot writes to the socket; later ones buffer until it finishes.
 *
 * Deadlines everywhere (issue #15): a body must arrive at bodyMinBytesPerSecond once bodyTimeout
 * has passed, not only without gaps; a client that takes none of the bytes written to it for
 * writeTimeout is cut, which its requests see as the client gone; and responses queued behind an
 * unfinished one may hold maxQueuedResponseBytes at most.
 */
class ConnectionGuard : public QObject, private ClientTransport::Receiver
{
    Q_OBJECT

public:
    /** Serves @p transport, which stays its owner's (the guard is usually its child). */
    ConnectionGuard(ClientTransport* transport, const FrontLimits& limits, IRequestHandler* handler, QObject* parent);
    ~ConnectionGuard() override;

    /** Writes @p bytes for @p slot, now if it is the oldest open slot, otherwise later. */
    void write(quint64 slot, QByteArrayView bytes);
    /** The response of @p slot is complete; @p close ends the connection after it. */
    void finish(quint64 slot, bool close);

    bool isConnected() const;
    /** Bytes accepted by write() that have not reached the kernel yet. */
    qint64 pendingBytes() const;
    /** The same for the response of @p slot: a queued slot's own buffer, the transport's for the front one. */
    qint64 pendingBytes(quint64 slot) const;
    /** Bytes received from the client so far. */
    qint64 bytesReceived() const { return m_scanned; }
    int openSlots() const { return int(m_slots.size()); }

    /** Writes an error response and closes, or aborts if a response is under way. */
    void failConnection(const ApiError& error);
    /** Gateway shutdown: flushes and closes an idle connection, cuts a busy one. */
    void shutdown();

    /**
     * Acts on an expired deadline. Called by the listener's sweep timer: one timer for all
     * connections is far cheaper than re-arming a QTimer per connection several times a request.
     */
    void checkDeadline(qint64 nowMs);

    /** The channel answering @p slot, told when the client goes away or output drains. */
    void attach(quint64 slot, ResponseChannel* channel);
    void detach(quint64 slot);

private:
    struct Slot
    {
        quint64 id = 0;
        QByteArray pending;
        bool finished = false;
        bool close = false;
    };

    void transportReceived(const char* data, qsizetype size) override;
    void transportWritten() override;
    void transportClosed() override;
    void onTimeout();
    void scan(const char* data, qsizetype size);
    void onHeadComplete();
    /** Opens a response slot for the request just framed and hands both to the handler. */
    void dispatch();
    /** No more requests are read: the connection is failing, closing or gone. */
    bool stopsReading() const;
    void advanceSlots();
    void rearmTimer();
    void closeGracefully();
    void sendContinue();
    /** Cuts the connection at once; its requests hear that the client is gone. */
    void cut(const char* why);
    void checkWriteProgress(qint64 nowMs);
    void checkBodyRate(qint64 nowMs);

    QPointer<ClientTransport> m_transport;
    FrontLimits m_limits;
    IRequestHandler* m_handler;
    QHostAddress m_peer;
    RequestFramer m_framer;
    qint64 m_deadlineAtMs = 0; ///< monotonic ms when m_deadline expires; 0 = none
    enum class Deadline
    {
        None,
        KeepAlive,
        Head,
        Body,
        Linger,
    } m_deadline
        = Deadline::None;
    void arm(Deadline deadline, std::chrono::milliseconds timeout);

    qint64 m_scanned = 0; ///< bytes of the stream the framer has seen

    qint64 m_bodyStartMs = 0; ///< when the current request's body began; 0 = no body under way
    qint64 m_bodyStartOffset = 0; ///< m_scanned then
    qint64 m_writeStalledSinceMs = 0; ///< output waiting and none taken since; 0 = not stalled
    qint64 m_queuedBytes = 0; ///< in the pending buffers of slots behind the front one

    std::deque<Slot> m_slots;
    QList<QPair<quint64, ResponseChannel*>> m_channels; ///< live channels by slot
    quint64 m_nextSlot = 1;
    bool m_continuePending = false;
    bool m_failing = false;
    /// A request without keep-alive was handed over: its answer is the connection's last, and
    /// nothing after it is read (RFC 9112, 9.6). Junk behind it must not cut its answer short.
    bool m_lastRequestTaken = false;
    bool m_gone = false;
};

} // namespace sy
