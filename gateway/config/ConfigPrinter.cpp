#include "gateway/config/ConfigPrinter.h"

#include "gateway/config/ProviderCatalog.h"
#include "gateway/core/GatewayConfig.h"

#include <QUrl>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace sy::ConfigPrinter {

namespace {

std::string s(const QString& text)
{
    return text.toStdString();
}

double seconds(std::chrono::milliseconds ms)
{
    return ms.count() / 1000.0;
}

// The headers sent upstream, by name only: their values are credentials.
void emitHeaders(YAML::Emitter& out, const Deployment& d)
{
    if (d.authHeaders.isEmpty())
        return;
    out << YAML::Key << "headers" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& header : d.authHeaders)
        out << header.first.toStdString();
    out << YAML::EndSeq;
}

void emitDeployment(YAML::Emitter& out, const Deployment& d)
{
    out << YAML::BeginMap << YAML::Key << "model_name" << YAML::Value << s(d.group);
    out << YAML::Key << "litellm_params" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "model" << YAML::Value << s(d.provider + u'/' + d.backendModel);
    out << YAML::Key << "api_base" << YAML::Value << s(d.apiBaseText);
    if (!d.apiKey.isEmpty())
        out << YAML::Key << "api_key" << YAML::Value << s(maskSecret(d.apiKey));
    if (d.query.startsWith("?api-version="))
        out << YAML::Key << "api_version" << YAML::Value << d.query.mid(13).toStdString();
    emitHeaders(out, d);
    out << YAML::Key << "timeout" << YAML::Value << seconds(d.timeout);
    out << YAML::Key << "stream_timeout" << YAML::Value << seconds(d.streamTimeout);
    if (d.maxParallelRequests > 0)
        out << YAML::Key << "max_parallel_requests" << YAML::Value << d.maxParallelRequests;
    if (d.rpm > 0)
        out << YAML::Key << "rpm" << YAML::Value << d.rpm;
    if (d.tpm > 0)
        out << YAML::Key << "tpm" << YAML::Value << d.tpm;
    if (d.weight != 1.0)
        out << YAML::Key << "weight" << YAML::Value << d.weight;
    if (d.order > 0)
        out << YAML::Key << "order" << YAML::Value << d.order;
    if (d.inputCostPerToken > 0 || d.outputCostPerToken > 0) {
        out << YAML::Key << "input_cost_per_token" << YAML::Value << d.inputCostPerToken;
        out << YAML::Key << "output_cost_per_token" << YAML::Value << d.outputCostPerToken;
    }
    for (const auto& [key, json] : d.defaultParams)
        out << YAML::Key << key.toStdString() << YAML::Value << json.toStdString();
    out << YAML::EndMap;
    out << YAML::Key << "model_info" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << s(d.id);
    out << YAML::Key << "backend" << YAML::Value << s(ProviderCatalog::backendName(d.backend));
    if (d.wildcard)
        out << YAML::Key << "wildcard" << YAML::Value << true;
    if (d.passThrough)
        out << YAML::Key << "pass_through" << YAML::Value << true; // any name model_name matches
    if (d.managed)
        out << YAML::Key << "managed_by" << YAML::Value << s(d.managedServer);
    out << YAML::EndMap << YAML::EndMap;
}

void emitServer(YAML::Emitter& out, const ServerSpec& spec)
{
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s(spec.name);
    out << YAML::Key << "kind" << YAML::Value << s(serverKindName(spec.kind));
    out << YAML::Key << "host" << YAML::Value << s(spec.host) << YAML::Key << "port" << YAML::Value << spec.port;
    if (!spec.models.isEmpty()) {
        out << YAML::Key << "models" << YAML::Value << YAML::BeginSeq;
        for (const ServerModel& m : spec.models) {
            out << YAML::Flow << YAML::BeginMap << YAML::Key << "model" << YAML::Value << s(m.model);
            out << YAML::Key << "model_name" << YAML::Value << s(m.group);
            out << YAML::Key << "identifier" << YAML::Value << s(m.servedAs);
            if (m.ttl.count() > 0)
                out << YAML::Key << "ttl" << YAML::Value << qint64(m.ttl.count());
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    if (!spec.executable.isEmpty())
        out << YAML::Key << "executable" << YAML::Value << s(spec.executable);
    if (!spec.args.isEmpty()) {
        out << YAML::Key << "args" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QString& a : spec.args)
            out << s(a);
        out << YAML::EndSeq;
    }
    out << YAML::Key << "autostart" << YAML::Value << spec.autostart;
    out << YAML::Key << "start_on_demand" << YAML::Value << spec.startOnDemand;
    out << YAML::Key << "restart" << YAML::Value << s(restartPolicyName(spec.restart));
    out << YAML::Key << "max_restarts" << YAML::Value << spec.maxRestarts;
    out << YAML::Key << "idle_ttl" << YAML::Value << seconds(spec.idleTtl);
    out << YAML::Key << "ready_timeout" << YAML::Value << seconds(spec.readyTimeout);
    out << YAML::Key << "stop_timeout" << YAML::Value << seconds(spec.stopTimeout);
    out << YAML::Key << "health" << YAML::Value << s(spec.healthUrl().toString());
    out << YAML::EndMap;
}

void emitRouting(YAML::Emitter& out, const GatewayConfig& c)
{
    const RoutingSettings& r = c.routing;
    out << YAML::Key << "router_settings" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "routing_strategy" << YAML::Value << s(r.strategy);
    for (auto it = r.groupStrategies.cbegin(); it != r.groupStrategies.cend(); ++it)
        out << YAML::Key << s(u"routing_strategy[" + it.key() + u']') << YAML::Value << s(it.value());
    out << YAML::Key << "num_retries" << YAML::Value << r.numRetries;
    out << YAML::Key << "allowed_fails" << YAML::Value << r.allowedFails;
    out << YAML::Key << "cooldown_time" << YAML::Value << seconds(r.cooldownTime);
    out << YAML::Key << "fallbacks" << YAML::Value << YAML::BeginSeq;
    for (const FallbackRule& f : r.fallbacks) {
        out << YAML::Flow << YAML::BeginMap << YAML::Key << s(f.group) << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QString& g : f.fallbacks)
            out << s(g);
        out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (r.redis.isConfigured()) {
        out << YAML::Key << "redis_host" << YAML::Value << s(r.redis.host);
        out << YAML::Key << "redis_port" << YAML::Value << r.redis.port;
        if (!r.redis.password.isEmpty())
            out << YAML::Key << "redis_password" << YAML::Value << s(maskSecret(r.redis.password));
    }
    out << YAML::EndMap;
}

void emitGeneral(YAML::Emitter& out, const GatewayConfig& c)
{
    out << YAML::Key << "general_settings" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "master_key" << YAML::Value << (c.masterKey.isEmpty() ? "(none)" : s(maskSecret(c.masterKey)));
    out << YAML::Key << "database_url" << YAML::Value
        << (c.storage.databaseUrl.isEmpty() ? "(SQLite in the app data dir)" : s(maskUrl(c.storage.databaseUrl)));
    out << YAML::Key << "max_request_size_mb" << YAML::Value << c.limits.maxBodyBytes / (1024 * 1024);
    out << YAML::Key << "background_health_checks" << YAML::Value << c.health.background;
    out << YAML::Key << "health_check_interval" << YAML::Value << seconds(c.health.interval);
    out << YAML::EndMap;
    out << YAML::Key << "litellm_settings" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "cache" << YAML::Value << c.cache.enabled;
    if (c.cache.enabled) {
        out << YAML::Key << "cache_params" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "type" << YAML::Value << s(c.cache.type);
        out << YAML::Key << "ttl" << YAML::Value << seconds(c.cache.ttl);
        if (c.cache.type == u"redis")
            out << YAML::Key << "host" << YAML::Value << s(c.cache.redis.host) << YAML::Key << "port" << YAML::Value
                << c.cache.redis.port;
        out << YAML::Key << "mode" << YAML::Value
            << (c.cache.mode == CacheSettings::Mode::DefaultOn ? "default_on" : "default_off");
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

/** The guardrails as they will run (issue #16), seed 003's llm_guard section included. */
void emitGuardrails(YAML::Emitter& out, const GatewayConfig& c)
{
    if (c.guardrails.guardrails.isEmpty())
        return;
    out << YAML::Key << "guardrails" << YAML::Value << YAML::BeginSeq;
    for (const GuardrailSpec& g : c.guardrails.guardrails) {
        QStringList modes;
        for (const auto& [mode, name] : {std::pair{GuardrailSpec::PreCall, "pre_call"},
                                         std::pair{GuardrailSpec::DuringCall, "during_call"},
                                         std::pair{GuardrailSpec::PostCall, "post_call"}}) {
            if (g.runs(mode))
                modes.append(QString::fromLatin1(name));
        }
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "guardrail_name" << YAML::Value << s(g.name);
        out << YAML::Key << "guardrail" << YAML::Value << s(g.type);
        out << YAML::Key << "mode" << YAML::Value << s(modes.join(u", "_s));
        out << YAML::Key << "default_on" << YAML::Value << g.defaultOn;
        out << YAML::Key << "action" << YAML::Value << (g.action == GuardrailSpec::Action::Block ? "block" : "redact");
        if (g.isExternal()) {
            out << YAML::Key << "api_base" << YAML::Value << s(g.apiBase);
            if (!g.apiKey.isEmpty())
                out << YAML::Key << "api_key" << YAML::Value << s(maskSecret(g.apiKey));
            out << YAML::Key << "fail_open" << YAML::Value << g.failOpen;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

void emitGateway(YAML::Emitter& out, const GatewayConfig& c)
{
    out << YAML::Key << "gateway" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "host" << YAML::Value << s(c.listen.host);
    out << YAML::Key << "port" << YAML::Value << c.listen.port;
    if (c.listen.ollamaPort >= 0)
        out << YAML::Key << "ollama_port" << YAML::Value << c.listen.ollamaPort;
    if (c.tls.isEnabled()) {
        out << YAML::Key << "cert" << YAML::Value << s(c.tls.certFile);
        out << YAML::Key << "key" << YAML::Value << s(c.tls.keyFile);
    }
    out << YAML::Key << "allowed_ips" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& [address, prefix] : c.access.allowedSubnets)
        out << s(address.toString() + u'/' + QString::number(prefix));
    out << YAML::EndSeq;
    out << YAML::Key << "cors" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const QString& origin : c.cors.allowedOrigins)
        out << s(origin);
    out << YAML::EndSeq;
    out << YAML::Key << "max_connections" << YAML::Value << c.limits.maxConnections;
    out << YAML::Key << "keepalive_timeout" << YAML::Value << seconds(c.limits.keepAliveTimeout);
    out << YAML::EndMap;
}

} // namespace

QString maskSecret(const QString& secret)
{
    if (secret.size() <= 6)
        return u"****"_s;
    return secret.left(3) + u"…"_s + secret.right(2);
}

QString maskUrl(const QString& url)
{
    QUrl u(url);
    if (!u.isValid() || u.password().isEmpty())
        return url;
    u.setPassword(u"****"_s);
    return u.toString();
}

QByteArray toYaml(const GatewayConfig& c)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    emitGateway(out, c);
    emitGeneral(out, c);
    emitRouting(out, c);
    emitGuardrails(out, c);
    out << YAML::Key << "model_list" << YAML::Value << YAML::BeginSeq;
    for (const Deployment& d : c.deployments)
        emitDeployment(out, d);
    out << YAML::EndSeq;
    if (!c.servers.isEmpty()) {
        out << YAML::Key << "servers" << YAML::Value << YAML::BeginSeq;
        for (const ServerSpec& spec : c.servers)
            emitServer(out, spec);
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace sy::ConfigPrinter
