#pragma once

#include "gateway/core/ServerStatus.h"
#include "gateway/pipeline/AdminHandler.h"

#include <functional>

namespace sy {

/**
 * The managed servers' admin endpoints, master key only:
 *   GET  /servers                       every server and its state
 *   GET  /servers/{name}                one
 *   POST /servers/{name}/start|stop|restart
 * Commands go to the supervisor (on another thread) and are answered 202 at once; the state
 * they lead to shows in GET /servers as the supervisor reports it.
 */
class ServersAdminHandler : public IAdminHandler
{
public:
    using CommandSink = std::function<void(const QString& name, ServerCommand command)>;

    explicit ServersAdminHandler(CommandSink sink);

    void setStatuses(const ServerStatusList& statuses) { m_statuses = statuses; }

    bool handles(QByteArrayView path) const override;
    void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) override;

    static QByteArray toJson(const ServerStatus& status);

private:
    const ServerStatus* find(const QString& name) const;

    CommandSink m_sink;
    ServerStatusList m_statuses;
};

} // namespace sy
