#pragma once

#include "gateway/core/GatewaySettings.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

struct redisAsyncContext;
class RedisQtAdapter;

namespace sy {

/** A Redis reply, copied out of hiredis's. */
struct RedisReply
{
    enum class Type
    {
        Error, ///< no answer (not connected, timed out, connection lost) or a Redis error reply
        Nil,
        Integer,
        String, ///< bulk strings and status replies
        Array,
    };

    Type type = Type::Error;
    QByteArray text; ///< the string, or the error message
    qint64 integer = 0;
    QList<RedisReply> elements;

    bool isError() const { return type == Type::Error; }
    /** An integer reply, or a string holding one; @p fallback otherwise. */
    qint64 toInteger(qint64 fallback = 0) const;

    static RedisReply error(const QByteArray& message);
};

/**
 * An asynchronous Redis connection on the calling thread's Qt event loop, through hiredis's
 * async API and its Qt adapter: nothing here ever blocks. Commands get their reply through a
 * callback, or an error reply at once when Redis is not connected, and after commandTimeout
 * when it does not answer (the connection is then dropped and made again). It reconnects with
 * backoff, and says loudly in the log when Redis goes away and when it is back.
 */
class RedisClient : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const RedisReply&)>;

    explicit RedisClient(QObject* parent = nullptr);
    ~RedisClient() override;

    /** Connects to @p settings (host/port/password/db or url), and keeps reconnecting. */
    void start(const RedisSettings& settings);
    void stop();
    bool isConnected() const { return m_state == State::Ready; }
    /** "host:port", for messages. */
    QString address() const;

    /** What the log says this connection is for, when Redis comes up and when it goes down
        (defaults: the shared limits'). */
    void setPurpose(const QString& whenUp, const QString& whenDown)
    {
        m_whenUp = whenUp;
        m_whenDown = whenDown;
    }

    /** Longest wait for a reply before Redis counts as unreachable (default 100 ms). */
    void setCommandTimeout(std::chrono::milliseconds timeout) { m_commandTimeout = timeout; }

    /** Sends a command; @p done gets the reply, on this thread, exactly once. */
    void command(const QList<QByteArray>& args, Callback done);

signals:
    /** Connected and ready (true), or lost (false). */
    void availabilityChanged(bool available);

private:
    enum class State
    {
        Stopped,
        Resolving,
        Connecting,
        Handshaking, ///< AUTH and SELECT sent
        Ready,
        Waiting, ///< for the next attempt
    };

    struct Pending;

    static void onConnect(const redisAsyncContext* context, int status);
    static void onDisconnect(const redisAsyncContext* context, int status);
    static void onReply(redisAsyncContext* context, void* reply, void* privdata);

    void connectNow();
    void connectTo(const QByteArray& ip);
    void handshake();
    void becomeReady();
    void fail(const QString& reason);
    void dropContext();
    void scheduleReconnect();
    void checkTimeouts();
    bool send(const QList<QByteArray>& args, Callback done, bool internal);

    QString m_host;
    int m_port = 6379;
    QString m_password;
    int m_db = 0;
    State m_state = State::Stopped;
    redisAsyncContext* m_context = nullptr;
    std::unique_ptr<redisAsyncContext> m_parking; ///< see dropContext()
    std::unique_ptr<RedisQtAdapter> m_adapter;
    std::deque<Pending*> m_pending; ///< in send order; replies come in the same order
    std::chrono::milliseconds m_commandTimeout{100};
    QTimer m_timeoutTimer;
    QTimer m_reconnectTimer;
    QTimer m_connectTimer;
    int m_backoffMs = 0;
    bool m_everConnected = false;
    bool m_downReported = false;
    qint64 m_downSinceMs = 0;
    int m_lookupId = -1;
    QString m_whenUp = QStringLiteral("RPM, TPM and parallel-request limits are shared across instances");
    QString m_whenDown = QStringLiteral(
        "RPM, TPM and parallel-request limits now count on this instance only, until it is back. Requests are not "
        "held up.");
};

} // namespace sy
