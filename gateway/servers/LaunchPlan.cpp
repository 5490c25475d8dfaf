#include "gateway/servers/LaunchPlan.h"

using namespace Qt::StringLiterals;

namespace sy {

LaunchPlan LaunchPlan::forSpec(const ServerSpec& spec, const QString& exe)
{
    LaunchPlan plan;
    const QString port = QString::number(spec.port);
    switch (spec.kind) {
    case ServerKind::LmStudio:
        plan.startCommand = QStringList{exe, u"server"_s, u"start"_s, u"--port"_s, port} + spec.args;
        plan.listLoaded = {exe, u"ps"_s, u"--json"_s};
        for (const ServerModel& m : spec.models) {
            QStringList load{exe, u"load"_s, m.model, u"--identifier"_s, m.servedAs, u"-y"_s};
            if (m.ttl.count() > 0)
                load << u"--ttl"_s << QString::number(m.ttl.count());
            plan.loads.append({m.servedAs, load});
            plan.cleanup.append({exe, u"unload"_s, m.servedAs});
        }
        plan.cleanup.append({exe, u"server"_s, u"stop"_s});
        break;
    case ServerKind::Ollama:
        plan.serve = QStringList{exe, u"serve"_s} + spec.args;
        plan.env.insert(u"OLLAMA_HOST"_s, spec.host + u':' + port);
        break;
    case ServerKind::LlamaCpp: {
        const ServerModel& m = spec.models.value(0);
        plan.serve
            = QStringList{exe, u"-m"_s, m.model, u"--host"_s, spec.host, u"--port"_s, port, u"--alias"_s, m.servedAs}
            + spec.args;
        break;
    }
    case ServerKind::Vllm: {
        const ServerModel& m = spec.models.value(0);
        plan.serve = QStringList{exe,
                                 u"serve"_s,
                                 m.model,
                                 u"--host"_s,
                                 spec.host,
                                 u"--port"_s,
                                 port,
                                 u"--served-model-name"_s,
                                 m.servedAs}
            + spec.args;
        break;
    }
    case ServerKind::Command:
        // The user's argv, with ${PORT} and ${HOST} filled in so one entry can be copied per port.
        plan.serve = QStringList{exe};
        for (QString arg : spec.args)
            plan.serve << arg.replace(u"${PORT}"_s, port).replace(u"${HOST}"_s, spec.host);
        plan.env.insert(u"PORT"_s, port);
        break;
    }
    for (auto it = spec.env.cbegin(); it != spec.env.cend(); ++it)
        plan.env.insert(it.key(), it.value());
    return plan;
}

} // namespace sy
