#include "gateway/redis/RedisClient.h"

#include <hiredis/adapters/qt.h>
#include <hiredis/async.h>

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QUrl>

#include <vector>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRedis, "switchyard.redis", QtInfoMsg)

namespace sy {

namespace {

constexpr int kConnectTimeoutMs = 2000;
constexpr int kMaxBackoffMs = 5000;
constexpr qint64 kReminderMs = 60'000;

RedisReply copyReply(const redisReply* r)
{
    RedisReply out;
    if (!r)
        return RedisReply::error("no reply: the connection to Redis was lost");
    switch (r->type) {
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.text = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_NIL:
        out.type = RedisReply::Type::Nil;
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = r->integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        for (size_t i = 0; i < r->elements; ++i)
            out.elements.append(copyReply(r->element[i]));
        break;
    default: // strings and status replies
        out.type = RedisReply::Type::String;
        out.text = QByteArray(r->str, qsizetype(r->len));
        break;
    }
    return out;
}

} // namespace

RedisReply RedisReply::error(const QByteArray& message)
{
    RedisReply r;
    r.type = Type::Error;
    r.text = message;
    return r;
}

qint64 RedisReply::toInteger(qint64 fallback) const
{
    if (type == Type::Integer)
        return integer;
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    return type == Type::String && ok ? v : fallback;
}

struct RedisClient::Pending
{
    RedisClient* client;
    Callback done;
    qint64 deadlineMs;
};

RedisClient::RedisClient(QObject* parent)
    : QObject(parent)
    , m_parking(std::make_unique<redisAsyncContext>())
    , m_adapter(std::make_unique<RedisQtAdapter>())
    , m_timeoutTimer(this)
    , m_reconnectTimer(this)
    , m_connectTimer(this)
{
    m_timeoutTimer.setInterval(20);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &RedisClient::checkTimeouts);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RedisClient::connectNow);
    m_connectTimer.setSingleShot(true);
    m_connectTimer.setInterval(kConnectTimeoutMs);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Connecting || m_state == State::Handshaking)
            fail(u"no connection within %1 ms"_s.arg(kConnectTimeoutMs));
    });
}

RedisClient::~RedisClient()
{
    stop();
}

QString RedisClient::address() const
{
    return u"%1:%2"_s.arg(m_host).arg(m_port);
}

void RedisClient::start(const RedisSettings& settings)
{
    stop();
    m_host = settings.host;
    m_port = settings.port;
    m_password = settings.password;
    m_db = settings.db;
    if (!settings.url.isEmpty()) {
        const QUrl url(settings.url);
        if (url.scheme() == u"rediss") {
            qCCritical(lcRedis) << "rediss:// (Redis over TLS) is not supported; shared limits stay per instance";
            return;
        }
        m_host = url.host();
        m_port = url.port(6379);
        if (!url.password().isEmpty())
            m_password = url.password(QUrl::FullyDecoded);
        const QString db = url.path().mid(1);
        if (!db.isEmpty())
            m_db = db.toInt();
    }
    if (m_host.isEmpty())
        m_host = u"127.0.0.1"_s;
    m_backoffMs = 0;
    m_downReported = false;
    connectNow();
}

void RedisClient::stop()
{
    m_reconnectTimer.stop();
    m_connectTimer.stop();
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    const bool wasReady = m_state == State::Ready;
    m_state = State::Stopped;
    dropContext();
    if (wasReady)
        emit availabilityChanged(false);
}

void RedisClient::connectNow()
{
    if (m_state == State::Stopped && m_host.isEmpty())
        return;
    const QHostAddress literal(m_host);
    if (!literal.isNull()) {
        connectTo(literal.toString().toLatin1());
        return;
    }
    // hiredis resolves names with a blocking getaddrinfo(): resolve here, asynchronously.
    m_state = State::Resolving;
    m_lookupId = QHostInfo::lookupHost(m_host, this, [this](const QHostInfo& info) {
        m_lookupId = -1;
        if (m_state != State::Resolving)
            return;
        const QList<QHostAddress> addresses = info.addresses();
        if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
            fail(u"cannot resolve %1: %2"_s.arg(m_host, info.errorString()));
            return;
        }
        QHostAddress chosen = addresses.first();
        for (const QHostAddress& a : addresses) {
            if (a.protocol() == QAbstractSocket::IPv4Protocol) {
                chosen = a;
                break;
            }
        }
        connectTo(chosen.toString().toLatin1());
    });
}

void RedisClient::connectTo(const QByteArray& ip)
{
    redisAsyncContext* context = redisAsyncConnect(ip.constData(), m_port);
    if (!context) {
        fail(u"cannot allocate a connection"_s);
        return;
    }
    if (context->err) {
        const QString error = QString::fromLocal8Bit(context->errstr);
        redisAsyncFree(context);
        fail(error);
        return;
    }
    m_context = context;
    context->data = this;
    m_adapter->setContext(context);
    redisAsyncSetConnectCallback(context, &RedisClient::onConnect);
    redisAsyncSetDisconnectCallback(context, &RedisClient::onDisconnect);
    m_state = State::Connecting;
    m_connectTimer.start();
}

void RedisClient::onConnect(const redisAsyncContext* context, int status)
{
    auto* self = static_cast<RedisClient*>(context->data);
    if (!self || self->m_context != context)
        return;
    if (status != REDIS_OK) {
        // hiredis frees the context itself after a failed connect.
        self->m_context = nullptr;
        self->m_parking = std::make_unique<redisAsyncContext>();
        self->m_adapter->setContext(self->m_parking.get());
        self->fail(QString::fromLocal8Bit(context->errstr));
        return;
    }
    self->handshake();
}

void RedisClient::handshake()
{
    m_state = State::Handshaking;
    auto steps = std::make_shared<int>(0);
    auto finishStep = [this, steps](const RedisReply& reply) {
        if (m_state != State::Handshaking)
            return;
        if (reply.isError()) {
            fail(u"Redis refused the connection setup: %1"_s.arg(QString::fromUtf8(reply.text)));
            return;
        }
        if (--*steps == 0)
            becomeReady();
    };
    if (!m_password.isEmpty()) {
        ++*steps;
        send({"AUTH", m_password.toUtf8()}, finishStep, true);
    }
    if (m_db != 0) {
        ++*steps;
        send({"SELECT", QByteArray::number(m_db)}, finishStep, true);
    }
    if (*steps == 0)
        becomeReady();
}

void RedisClient::becomeReady()
{
    m_connectTimer.stop();
    m_state = State::Ready;
    m_backoffMs = 0;
    if (m_downReported || !m_everConnected) {
        qCInfo(lcRedis).noquote() << "Redis at" << address() << "is reachable:" << m_whenUp;
    }
    m_everConnected = true;
    m_downReported = false;
    emit availabilityChanged(true);
}

void RedisClient::onDisconnect(const redisAsyncContext* context, int status)
{
    Q_UNUSED(status);
    auto* self = static_cast<RedisClient*>(context->data);
    if (!self || self->m_context != context)
        return; // our own dropContext(), already accounted for
    // hiredis frees the context after this returns; it must not be touched again.
    self->m_context = nullptr;
    self->m_parking = std::make_unique<redisAsyncContext>();
    self->m_adapter->setContext(self->m_parking.get());
    const QString reason = context->errstr[0] ? QString::fromLocal8Bit(context->errstr) : u"connection closed"_s;
    self->fail(reason);
}

void RedisClient::dropContext()
{
    redisAsyncContext* context = std::exchange(m_context, nullptr);
    if (!context)
        return;
    context->data = nullptr; // callbacks during the free see no client: replies go to Pending
    redisAsyncFree(context); // calls every pending callback with no reply
    // RedisQtAdapter keeps the freed context and writes to it when destroyed: hand it a
    // parked one instead.
    m_parking = std::make_unique<redisAsyncContext>();
    m_adapter->setContext(m_parking.get());
}

void RedisClient::fail(const QString& reason)
{
    if (m_state == State::Stopped)
        return;
    const bool wasReady = m_state == State::Ready;
    m_state = State::Waiting;
    m_connectTimer.stop();
    dropContext();
    const qint64 now = QDeadlineTimer::current().deadline();
    if (!m_downReported) {
        qCWarning(lcRedis).noquote() << "Redis at" << address() << "is unreachable (" << reason << "):" << m_whenDown;
        m_downReported = true;
        m_downSinceMs = now;
    } else if (now - m_downSinceMs >= kReminderMs) {
        qCWarning(lcRedis).noquote() << "Redis at" << address() << "is still unreachable (" << reason
                                     << "):" << m_whenDown;
        m_downSinceMs = now;
    }
    if (wasReady)
        emit availabilityChanged(false);
    scheduleReconnect();
}

void RedisClient::scheduleReconnect()
{
    m_backoffMs = m_backoffMs == 0 ? 250 : qMin(m_backoffMs * 2, kMaxBackoffMs);
    m_reconnectTimer.start(m_backoffMs);
}

void RedisClient::checkTimeouts()
{
    if (m_pending.empty()) {
        m_timeoutTimer.stop();
        return;
    }
    if (m_pending.front()->deadlineMs <= QDeadlineTimer::current().deadline())
        fail(u"no reply within %1 ms"_s.arg(m_commandTimeout.count()));
}

void RedisClient::onReply(redisAsyncContext* context, void* reply, void* privdata)
{
    Q_UNUSED(context);
    auto* pending = static_cast<Pending*>(privdata);
    RedisClient* self = pending->client;
    const auto it = std::find(self->m_pending.begin(), self->m_pending.end(), pending);
    if (it != self->m_pending.end())
        self->m_pending.erase(it);
    const Callback done = std::move(pending->done);
    delete pending;
    done(copyReply(static_cast<redisReply*>(reply)));
}

void RedisClient::command(const QList<QByteArray>& args, Callback done)
{
    if (m_state != State::Ready) {
        done(RedisReply::error("Redis is not connected"));
        return;
    }
    send(args, std::move(done), false);
}

bool RedisClient::send(const QList<QByteArray>& args, Callback done, bool internal)
{
    Q_UNUSED(internal);
    if (!m_context) {
        done(RedisReply::error("Redis is not connected"));
        return false;
    }
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray& a : args) {
        argv.push_back(a.constData());
        lengths.push_back(size_t(a.size()));
    }
    auto* pending = new Pending{this, std::move(done), QDeadlineTimer::current().deadline() + m_commandTimeout.count()};
    m_pending.push_back(pending);
    if (redisAsyncCommandArgv(m_context, &RedisClient::onReply, pending, int(argv.size()), argv.data(), lengths.data())
        != REDIS_OK) {
        m_pending.pop_back();
        const Callback failed = std::move(pending->done);
        delete pending;
        failed(RedisReply::error("Redis refused the command: the connection is closing"));
        return false;
    }
    if (!m_timeoutTimer.isActive())
        m_timeoutTimer.start();
    return true;
}

} // namespace sy
