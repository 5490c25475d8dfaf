#pragma once

#include "gateway/http/HttpHeaders.h"

#include <QPair>
#include <QPointer>

#include <functional>

namespace sy {

struct ApiError;
class ConnectionGuard;

/** Told about the client side of one response. */
class IResponseListener
{
public:
    virtual ~IResponseListener() = default;
    /** The client disconnected: nothing more can be written. */
    virtual void onClientGone() = 0;
    /** Output queued for the client drained: a paused stream may go on. */
    virtual void onClientDrained() = 0;
};

/**
 * The way back to one client for one request: either one complete response, or a streamed one
 * (head, data pieces, end). It never writes to a connection that is gone, so callers need not
 * check; they watch clientGone() to stop work nobody will read.
 *
 * Subclasses write the bytes (WireResponseChannel on a connection, a recording one in tests);
 * this class holds what they share: the state machine, the guard's slot, the signals.
 */
class ResponseChannel
{
public:
    virtual ~ResponseChannel();
    Q_DISABLE_COPY_MOVE(ResponseChannel)

    void setListener(IResponseListener* listener) { m_listener = listener; }

    /** Turns an error into the status and JSON body the client's dialect expects (Anthropic's
        shape, Ollama's, …); without one, errors are OpenAI-shaped. */
    using ErrorRenderer = std::function<QPair<int, QByteArray>(const ApiError&)>;
    void setErrorRenderer(ErrorRenderer renderer) { m_errorRenderer = std::move(renderer); }

    /** True while the client is connected and the response is not finished. */
    bool isOpen() const;
    /** True once a response head has been sent: from then on no other status can be sent. */
    bool hasStarted() const { return m_state != State::Idle; }
    bool isFinished() const { return m_state == State::Finished; }

    void send(int status, HttpHeaders headers, const QByteArray& body);
    void sendError(const ApiError& error);
    /** Starts a streamed response of unknown length (chunked, or close-delimited for HTTP/1.0). */
    void beginStream(int status, HttpHeaders headers);
    void streamData(const QByteArray& data);
    /** Ends the stream; @p last, if any, goes out with the end. */
    void endStream(const QByteArray& last = {});
    /** Ends the response by closing the connection: a stream that broke must not look finished. */
    void abortStream();

    /** The response slot on the connection's guard (0 for a channel on none). */
    quint64 slot() const { return m_slot; }

    /** Headers added to whatever response goes out, e.g. CORS headers. */
    void addHeader(QByteArrayView name, QByteArrayView value) { m_extraHeaders.add(name, value); }

    /** Output written but not yet handed to the kernel; used for back-pressure. */
    virtual qint64 pendingBytes() const;
    /** Close the connection after this response (client asked, or HTTP/1.0 without keep-alive). */
    bool closesConnection() const { return m_close; }

    /** Called by the connection's guard. The listener is told only while the response is unfinished. */
    void notifyClientGone();
    void notifyDrained();

protected:
    ResponseChannel(ConnectionGuard* guard, quint64 slot, int minorVersion, bool keepAlive);
    /** A channel on no guarded connection (a test's): the subclass says whether the client is there. */
    ResponseChannel(int minorVersion, bool keepAlive);

    /** Whether the client is still connected; the guard's connection unless overridden. */
    virtual bool clientConnected() const;

    virtual void writeComplete(int status, const HttpHeaders& headers, const QByteArray& body) = 0;
    virtual void writeStreamHead(int status, const HttpHeaders& headers) = 0;
    virtual void writeStreamData(const QByteArray& data) = 0;
    virtual void writeStreamEnd(const QByteArray& last) = 0;

    ConnectionGuard* guard() const;
    int minorVersion() const { return m_minorVersion; }

private:
    enum class State
    {
        Idle,
        Streaming,
        Finished,
    };

    void finish(bool forceClose);

    QPointer<ConnectionGuard> m_guard;
    IResponseListener* m_listener = nullptr;
    HttpHeaders m_extraHeaders;
    ErrorRenderer m_errorRenderer;
    quint64 m_slot;
    int m_minorVersion;
    bool m_close;
    State m_state = State::Idle;
};

} // namespace sy
