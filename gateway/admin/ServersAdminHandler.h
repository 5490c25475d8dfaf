#pragma once

#include "gateway/core/ServerStatus.h"
#include "gateway/pipeline/AdminHandler.h"

#include <QObject>

#include <functional>
#include <memory>

namespace sy {

/**
 * The managed servers' admin endpoints, master key only:
 *   GET  /servers                       every server and its state
 *   GET  /servers/{name}                one
 *   GET  /servers/{name}/log?lines=N    the tail of its log (default 200 lines), read off the gateway thread
 *   POST /servers/{name}/start|stop|restart
 * Commands go to the supervisor (on another thread) and are answered 202 at once; the state
 * they lead to shows in GET /servers as the supervisor reports it.
 */
class ServersAdminHandler : public IAdminHandler
{
public:
    using CommandSink = std::function<void(const QString& name, ServerCommand command)>;

    explicit ServersAdminHandler(CommandSink sink);
    ~ServersAdminHandler() override;

    void setStatuses(const ServerStatusList& statuses) { m_statuses = statuses; }

    bool handles(QByteArrayView path) const override;
    void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) override;

    static QByteArray toJson(const ServerStatus& status);

private:
    const ServerStatus* find(const QString& name) const;
    void sendLogTail(const ServerStatus& status, RequestContext& ctx, std::unique_ptr<ResponseChannel> channel);

    CommandSink m_sink;
    ServerStatusList m_statuses;
    std::unique_ptr<QObject> m_context; ///< on the gateway thread: where a log tail read elsewhere is answered
};

} // namespace sy
