#include "gateway/admin/ServersAdminHandler.h"

#include "gateway/admin/AdminSupport.h"
#include "gateway/core/ApiError.h"
#include "gateway/http/HttpHeaders.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/pipeline/RequestContext.h"

#include <QFile>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QThreadPool>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QJsonObject statusObject(const ServerStatus& s)
{
    return QJsonObject{{u"name"_s, s.name},
                       {u"kind"_s, serverKindName(s.kind)},
                       {u"state"_s, serverStateName(s.state)},
                       {u"api_base"_s, s.apiBase},
                       {u"models"_s, QJsonArray::fromStringList(s.models)},
                       {u"start_on_demand"_s, s.startOnDemand},
                       {u"pid"_s, s.pid > 0 ? QJsonValue(s.pid) : QJsonValue()},
                       {u"restarts"_s, s.restarts},
                       {u"last_error"_s, s.lastError.isEmpty() ? QJsonValue() : QJsonValue(s.lastError)},
                       {u"since"_s, s.since.isValid() ? QJsonValue(s.since.toString(Qt::ISODateWithMs)) : QJsonValue()},
                       {u"log_file"_s, s.logFile}};
}

void sendJson(ResponseChannel& channel, int status, const QJsonObject& body)
{
    HttpHeaders headers;
    headers.add("content-type", "application/json");
    channel.send(status, headers, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

std::optional<ServerCommand> commandFrom(QByteArrayView action)
{
    if (action == "start")
        return ServerCommand::Start;
    if (action == "stop")
        return ServerCommand::Stop;
    if (action == "restart")
        return ServerCommand::Restart;
    return std::nullopt;
}

ApiError methodNotAllowed(const QByteArray& method, const QString& path)
{
    ApiError e{405,
               u"%1 is not allowed on %2."_s.arg(QString::fromLatin1(method), path),
               "invalid_request_error",
               "method_not_allowed",
               {},
               std::nullopt};
    return e;
}

// The last @p lines lines of @p file, reading at most kMaxTailBytes from its end. Runs on a
// pool thread: the gateway thread never touches the disk.
QString readTail(const QString& file, int lines)
{
    constexpr qint64 kMaxTailBytes = 256 * 1024;
    QFile f(file);
    if (file.isEmpty() || !f.open(QIODevice::ReadOnly))
        return {};
    const qint64 start = qMax<qint64>(0, f.size() - kMaxTailBytes);
    f.seek(start);
    QByteArray data = f.readAll();
    qsizetype from = data.size();
    if (data.endsWith('\n'))
        --from;
    for (int n = 0; n < lines && from > 0; ++n)
        from = data.lastIndexOf('\n', from - 1);
    return QString::fromUtf8(data.mid(from < 0 ? 0 : from + 1));
}

} // namespace

ServersAdminHandler::ServersAdminHandler(CommandSink sink)
    : m_sink(std::move(sink))
    , m_context(std::make_unique<QObject>())
{ }

ServersAdminHandler::~ServersAdminHandler() = default;

void ServersAdminHandler::sendLogTail(const ServerStatus& status,
                                      RequestContext& ctx,
                                      std::unique_ptr<ResponseChannel> channel)
{
    bool ok = false;
    const int lines = qBound(1, AdminSupport::queryOf(ctx).queryItemValue(u"lines"_s).toInt(&ok), 2000);
    auto shared = AdminSupport::share(std::move(channel));
    const QString file = status.logFile;
    const QString name = status.name;
    // The file is read on a pool thread; the answer is sent from the gateway thread, by a
    // continuation bound to m_context, which Qt drops if the handler is gone by then.
    auto promise = std::make_shared<QPromise<QString>>();
    promise->future().then(m_context.get(), [shared, file, name](const QString& text) {
        AdminSupport::sendJson(**shared, QJsonObject{{u"name"_s, name}, {u"log_file"_s, file}, {u"text"_s, text}});
    });
    promise->start();
    QThreadPool::globalInstance()->start([promise, file, lines = ok ? lines : 200] {
        promise->addResult(readTail(file, lines));
        promise->finish();
    });
}

bool ServersAdminHandler::handles(QByteArrayView path) const
{
    return path == "/servers" || path.startsWith("/servers/");
}

QByteArray ServersAdminHandler::toJson(const ServerStatus& status)
{
    return QJsonDocument(statusObject(status)).toJson(QJsonDocument::Compact);
}

const ServerStatus* ServersAdminHandler::find(const QString& name) const
{
    for (const ServerStatus& s : m_statuses) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

void ServersAdminHandler::handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    if (!ctx.principal.isAdmin()) {
        channel->sendError(ApiError{
            403, u"Managing servers needs the master key."_s, "authentication_error", "forbidden", {}, std::nullopt});
        return;
    }
    const QByteArray& method = ctx.http.method;
    const QString path = QString::fromUtf8(ctx.http.path);
    const QList<QByteArray> parts = ctx.http.path.mid(1).split('/'); // "servers", name, action
    if (parts.size() == 1 || (parts.size() == 2 && parts[1].isEmpty())) {
        if (method != "GET") {
            channel->sendError(methodNotAllowed(method, path));
            return;
        }
        QJsonArray list;
        for (const ServerStatus& s : std::as_const(m_statuses))
            list.append(statusObject(s));
        sendJson(*channel, 200, QJsonObject{{u"data"_s, list}});
        return;
    }
    const QString name = QUrl::fromPercentEncoding(parts[1]);
    const ServerStatus* status = find(name);
    if (!status || parts.size() > 3) {
        channel->sendError(ApiError::notFound(status ? u"No such endpoint: %1."_s.arg(path)
                                                     : u"No managed server is named `%1`."_s.arg(name),
                                              "server_not_found"));
        return;
    }
    if (parts.size() == 2) {
        if (method != "GET") {
            channel->sendError(methodNotAllowed(method, path));
            return;
        }
        sendJson(*channel, 200, statusObject(*status));
        return;
    }
    if (parts[2] == "log") {
        if (method != "GET")
            channel->sendError(methodNotAllowed(method, path));
        else
            sendLogTail(*status, ctx, std::move(channel));
        return;
    }
    const std::optional<ServerCommand> command = commandFrom(parts[2]);
    if (!command) {
        channel->sendError(ApiError::notFound(
            u"Unknown action `%1`; use start, stop or restart."_s.arg(QString::fromUtf8(parts[2])), "not_found"));
        return;
    }
    if (method != "POST") {
        channel->sendError(methodNotAllowed(method, path));
        return;
    }
    m_sink(name, *command);
    QJsonObject body = statusObject(*status);
    body.insert(u"accepted"_s, QString::fromLatin1(parts[2]));
    sendJson(*channel, 202, body);
}

} // namespace sy
