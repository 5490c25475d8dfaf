#pragma once

#include "gateway/upstream/DeadlineQueue.h"
#include "gateway/upstream/HttpResponseParser.h"
#include "gateway/upstream/IUpstreamClient.h"
#include "gateway/upstream/UpstreamConnection.h"

#include <QObject>

#include <memory>

namespace sy {

class ConnectionPool;
class ContentDecoder;

/**
 * One request/response exchange of UpstreamClient: waits for a connection, writes the request,
 * parses and decodes the response and hands it to the IUpstreamHandler. The caller owns it
 * through the unique_ptr returned by UpstreamClient::start(), and may destroy it at any time,
 * including from inside a handler callback.
 */
class UpstreamCall : public QObject, public IUpstreamCall, public UpstreamConnection::Listener
{
    Q_OBJECT

public:
    /** Fails the call: @p deadline (one of its own) passed. Called by the pool's sweep timer. */
    void deadlinePassed(const DeadlineQueue::Entry& deadline);

    UpstreamCall(ConnectionPool* pool, const UpstreamRequest& request, IUpstreamHandler* handler);
    ~UpstreamCall() override;

    /** Starts the call; failures found now reach the handler from the event loop, not from here. */
    void begin();

    void abort() override;
    void setReadPaused(bool paused) override;

    /** From the pool: @p connection is this call's now, possibly still connecting. */
    void connectionGranted(UpstreamConnection* connection, bool reused);
    /** From the pool's destructor: stop silently and forget the pool. */
    void detachFromPool();

private:
    enum class Phase
    {
        Created,
        Queued, ///< waiting for maxConnectionsPerOrigin
        Connecting,
        AwaitingHead, ///< request written
        Body,
        Ending, ///< response complete, onResponseEnd held back by a pause
        Finished,
    };

    void connectionReady(UpstreamConnection* connection) override;
    void connectionReadyRead(UpstreamConnection* connection) override;
    void connectionClosed(UpstreamConnection* connection) override;

    void send();
    bool readAvailable();
    bool processInput(const QByteArray& data);
    bool deliverHead();
    bool deliverBody(QByteArray body);
    void complete(const QByteArray& body, bool reusable);
    void handleClose();
    void failConnect();
    void failFromParser();
    void resumeDelivery();
    void finishOk();
    void fail(UpstreamError::Kind kind, const QString& message, bool causedByClient = false);
    void failPaused();
    void releaseConnection(bool reusable);
    void teardown();

    void enterPhase(Phase phase);
    void setDeadline(DeadlineQueue::Entry& deadline, qint64 spanMs);
    void clearDeadlines();
    void startPauseDeadline();
    QString where() const;

    template <typename Callback>
    bool callHandler(Callback&& callback);

    ConnectionPool* m_pool;
    IUpstreamHandler* m_handler;
    UpstreamOrigin m_origin;
    QByteArray m_wire; ///< the serialized request, kept for a retry
    UpstreamTimeouts m_timeouts;
    bool m_headRequest = false;
    qint64 m_maxDecoded = 0;

    Phase m_phase = Phase::Created;
    UpstreamConnection* m_connection = nullptr;
    bool m_queued = false;
    bool m_reused = false;
    bool m_retried = false;
    bool m_gotBytes = false; ///< response bytes arrived on the current connection
    bool m_paused = false;
    bool m_closePending = false; ///< the connection closed while paused
    bool m_silenced = false; ///< aborted: no handler call may follow
    int m_syncDepth = 0; ///< > 0 while inside begin() or connectionGranted()
    bool* m_destroyedFlag = nullptr;

    HttpResponseParser m_parser;
    std::unique_ptr<ContentDecoder> m_decoder;
    QByteArray m_pending; ///< input read but not yet parsed because of a pause

    // Set in the pool's deadline queue while they run; a paused call has none.
    DeadlineQueue::Entry m_phaseDeadline{this};
    DeadlineQueue::Entry m_totalDeadline{this};
    qint64 m_totalLeftMs = -1; ///< what remained of the total timeout when paused
    DeadlineQueue::Entry m_pauseDeadline{this}; ///< only while paused
    qint64 m_pauseLimitMs = 0;
};

} // namespace sy
