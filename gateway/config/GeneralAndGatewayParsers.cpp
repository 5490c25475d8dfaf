#include "gateway/config/SectionParsers.h"

#include "gateway/config/YamlReader.h"
#include "gateway/core/Durations.h"
#include "gateway/core/GatewayConfig.h"
#include "gateway/storage/DatabaseLocation.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

bool isBindableHost(const QString& host)
{
    return host == u"localhost" || host == u"*" || !QHostAddress(host).isNull();
}

// "192.168.1.0/24", "10.0.0.7", "fd7a:115c:a1e0::/48" → subnet; a bare address is a /32 or /128.
std::optional<QPair<QHostAddress, int>> parseSubnet(const QString& text)
{
    const QString t = text.trimmed();
    if (t.contains(u'/'))
        return QHostAddress::parseSubnet(t).first.isNull() ? std::nullopt : std::optional(QHostAddress::parseSubnet(t));
    const QHostAddress address(t);
    if (address.isNull())
        return std::nullopt;
    return QPair<QHostAddress, int>{address, address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32};
}

void readAllowedIps(YamlReader& reader, const YAML::Node& parent, const QString& path, AccessSettings& access)
{
    const YAML::Node list = reader.sequence(parent, "allowed_ips", path);
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString itemPath = YamlReader::join(path, "allowed_ips") + u"[%1]"_s.arg(i);
        const auto subnet = list[i].IsScalar() ? parseSubnet(QString::fromStdString(list[i].Scalar())) : std::nullopt;
        if (subnet)
            access.allowedSubnets.append(*subnet);
        else
            reader.error(list[i], itemPath, u"expected an IP address or a CIDR such as 100.64.0.0/10"_s);
    }
}

void readCors(YamlReader& reader, const YAML::Node& gw, CorsSettings& cors)
{
    const YAML::Node node = gw["cors"];
    if (!node.IsDefined() || node.IsNull())
        return;
    const QString path = u"gateway.cors"_s;
    if (node.IsScalar()) {
        if (auto on = reader.boolean(gw, "cors", u"gateway"_s); on && *on)
            cors.allowedOrigins = {u"*"_s};
        return;
    }
    YAML::Node origins = node;
    if (node.IsMap()) {
        origins = reader.sequence(node, "allow_origins", path);
        reader.warnUnknownKeys(node, {u"allow_origins"_s}, path);
    }
    if (!origins.IsDefined() || !origins.IsSequence()) {
        reader.error(node, path, u"expected true, a list of origins, or {allow_origins: [...]}"_s);
        return;
    }
    for (std::size_t i = 0; i < origins.size(); ++i)
        cors.allowedOrigins.append(QString::fromStdString(origins[i].Scalar()).trimmed());
}

void readTls(YamlReader& reader, const YAML::Node& gw, TlsSettings& tls)
{
    const auto cert = reader.string(gw, "cert", u"gateway"_s);
    const auto key = reader.string(gw, "key", u"gateway"_s);
    if (!cert && !key)
        return;
    if (!cert || !key) {
        reader.error(gw[cert ? "cert" : "key"],
                     cert ? u"gateway.key"_s : u"gateway.cert"_s,
                     u"TLS needs both gateway.cert and gateway.key"_s);
        return;
    }
    tls.certFile = *cert;
    tls.keyFile = *key;
    QFile certFile(reader.resolvePath(*cert));
    if (!certFile.open(QIODevice::ReadOnly)) {
        reader.error(
            gw["cert"], u"gateway.cert"_s, u"cannot read %1: %2"_s.arg(certFile.fileName(), certFile.errorString()));
        return;
    }
    tls.certificateChain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (tls.certificateChain.isEmpty())
        reader.error(gw["cert"], u"gateway.cert"_s, u"no PEM certificate in %1"_s.arg(certFile.fileName()));
    QFile keyFile(reader.resolvePath(*key));
    if (!keyFile.open(QIODevice::ReadOnly)) {
        reader.error(
            gw["key"], u"gateway.key"_s, u"cannot read %1: %2"_s.arg(keyFile.fileName(), keyFile.errorString()));
        return;
    }
    const QByteArray pem = keyFile.readAll();
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        if (QSslKey candidate(pem, algorithm, QSsl::Pem); !candidate.isNull()) {
            tls.privateKey = candidate;
            break;
        }
    }
    if (!tls.privateKey)
        reader.error(gw["key"], u"gateway.key"_s, u"no unencrypted PEM private key in %1"_s.arg(keyFile.fileName()));
}

// spend_logs_retention (or LiteLLM's maximum_spend_logs_retention_period): "30d", "12h", seconds, or 0.
void readRetention(YamlReader& reader, const YAML::Node& general, const QString& path, StorageSettings& storage)
{
    for (const char* key : {"spend_logs_retention", "maximum_spend_logs_retention_period"}) {
        const std::optional<QString> text = reader.string(general, key, path);
        if (!text)
            continue;
        const QString t = text->trimmed();
        if (t == u"0") {
            storage.spendLogsRetention = milliseconds(0);
        } else if (const std::optional<Duration> d = Duration::parse(t)) {
            storage.spendLogsRetention = milliseconds(d->approximateSeconds() * 1000);
        } else {
            reader.error(general[key],
                         YamlReader::join(path, key),
                         u"expected a duration such as 30d, 12h or 3600 (seconds), or 0 to keep records for ever"_s);
        }
    }
}

// gateway.allowed_hosts: names (or "*.example.com", or "*" for any) accepted in the Host header.
// gateway.ui: the web admin UI's switch and path.
void readUi(YamlReader& reader, const YAML::Node& gw, UiSettings& ui)
{
    const YAML::Node node = reader.map(gw, "ui", u"gateway"_s);
    if (!node.IsDefined())
        return;
    if (auto on = reader.boolean(node, "enabled", u"gateway.ui"_s))
        ui.enabled = *on;
    if (auto path = reader.string(node, "path", u"gateway.ui"_s)) {
        QString p = path->trimmed();
        while (p.endsWith(u'/'))
            p.chop(1);
        const bool valid = p.startsWith(u'/') && !p.contains(u' ') && !p.contains(u'?') && !p.startsWith(u"/v1"_s)
            && !p.startsWith(u"/api/"_s);
        if (valid)
            ui.path = p;
        else
            reader.error(node["path"], u"gateway.ui.path"_s, u"expected a path such as /ui (not under /v1 or /api)"_s);
    }
    reader.warnUnknownKeys(node, {u"enabled"_s, u"path"_s}, u"gateway.ui"_s);
}

void readAllowedHosts(YamlReader& reader, const YAML::Node& gw, QStringList& hosts)
{
    const YAML::Node list = reader.sequence(gw, "allowed_hosts", u"gateway"_s);
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString host
            = list[i].IsScalar() ? QString::fromStdString(list[i].Scalar()).trimmed().toLower() : QString();
        if (host.isEmpty() || host.contains(u'/') || host.contains(u' '))
            reader.error(list[i],
                         u"gateway.allowed_hosts[%1]"_s.arg(i),
                         u"expected a host name such as gpu-box.lan, *.example.com or *"_s);
        else
            hosts.append(host);
    }
}

void readLimits(YamlReader& reader, const YAML::Node& gw, FrontLimits& limits)
{
    const QString path = u"gateway"_s;
    if (auto v = reader.integer(gw, "max_connections", path, 1, 1'000'000))
        limits.maxConnections = int(*v);
    if (auto v = reader.integer(gw, "max_connections_per_client", path, 1, 1'000'000))
        limits.maxConnectionsPerClient = int(*v);
    if (auto v = reader.integer(gw, "max_header_kb", path, 1, 1024))
        limits.maxHeadBytes = *v * 1024;
    if (auto v = reader.seconds(gw, "header_timeout", path))
        limits.headerTimeout = *v;
    if (auto v = reader.seconds(gw, "body_timeout", path))
        limits.bodyTimeout = *v;
    if (auto v = reader.seconds(gw, "keepalive_timeout", path))
        limits.keepAliveTimeout = *v;
    if (auto v = reader.seconds(gw, "drain_timeout", path))
        limits.drainTimeout = *v;
    if (auto v = reader.seconds(gw, "write_timeout", path))
        limits.writeTimeout = *v;
    if (auto v = reader.number(gw, "body_min_rate", path, 0, 1024 * 1024))
        limits.bodyMinBytesPerSecond = qint64(*v * 1024);
}

} // namespace

namespace SectionParsers {

void generalSettings(YamlReader& reader, const YAML::Node& general, const char* pathText, GatewayConfig& config)
{
    const QString path = QString::fromUtf8(pathText);
    if (auto key = reader.string(general, "master_key", path)) {
        config.masterKey = key->trimmed();
        // An unset variable is only a warning elsewhere; here it would silently turn auth off.
        if (config.masterKey.isEmpty())
            reader.error(
                general["master_key"],
                YamlReader::join(path, "master_key"),
                u"the master key is empty (is its environment variable set?); remove the key to run without one"_s);
    }
    if (auto mb = reader.integer(general, "max_request_size_mb", path, 1, 4096))
        config.limits.maxBodyBytes = *mb * 1024 * 1024;
    if (auto n = reader.integer(general, "max_parallel_requests", path, 1, 1'000'000))
        config.maxParallelRequests = int(*n);
    if (auto url = reader.string(general, "database_url", path); url && !url->trimmed().isEmpty()) {
        QString error;
        const DatabaseLocation location = DatabaseLocation::parseUrl(url->trimmed(), &error);
        if (!error.isEmpty())
            reader.error(general["database_url"], YamlReader::join(path, "database_url"), error);
        else if (location.kind == DatabaseLocation::Kind::Sqlite)
            config.storage.databaseUrl = u"sqlite://"_s + reader.resolvePath(location.sqlitePath);
        else
            config.storage.databaseUrl = url->trimmed();
    }
    if (auto off = reader.boolean(general, "disable_spend_logs", path))
        config.storage.disableSpendLogs = *off;
    if (auto s = reader.seconds(general, "health_check_interval", path))
        config.health.interval = *s;
    if (auto on = reader.boolean(general, "background_health_checks", path))
        config.health.background = *on;
    readAllowedIps(reader, general, path, config.access);
    readRetention(reader, general, path, config.storage);
    reader.warnUnknownKeys(general,
                           {u"master_key"_s,
                            u"max_request_size_mb"_s,
                            u"max_parallel_requests"_s,
                            u"database_url"_s,
                            u"disable_spend_logs"_s,
                            u"health_check_interval"_s,
                            u"background_health_checks"_s,
                            u"allowed_ips"_s,
                            u"spend_logs_retention"_s,
                            u"maximum_spend_logs_retention_period"_s},
                           path);
}

void healthCheck(YamlReader& reader, const YAML::Node& hc, const QString& path, HealthCheckSettings& health)
{
    if (auto on = reader.boolean(hc, "enabled", path))
        health.background = *on;
    if (auto s = reader.seconds(hc, "interval", path))
        health.interval = *s;
    if (auto t = reader.seconds(hc, "timeout", path))
        health.timeout = *t;
    if (auto t = reader.seconds(hc, "health_check_timeout", path)) // seed 003's spelling
        health.timeout = *t;
    if (auto n = reader.integer(hc, "unhealthy_threshold", path, 1, 100))
        health.unhealthyThreshold = int(*n);
    if (auto n = reader.integer(hc, "healthy_threshold", path, 1, 100))
        health.healthyThreshold = int(*n);
    if (auto endpoint = reader.string(hc, "endpoint", path)) {
        health.endpoint = endpoint->trimmed().toUtf8();
        if (!health.endpoint.startsWith('/'))
            reader.error(hc["endpoint"], YamlReader::join(path, "endpoint"), u"expected a path such as /health"_s);
    }
    if (auto field = reader.string(hc, "expected_response_field", path))
        health.expectedField = field->trimmed().toUtf8();
    if (auto on = reader.boolean(hc, "check_remote", path))
        health.checkRemoteProviders = *on;
    reader.warnUnknownKeys(hc,
                           {u"enabled"_s,
                            u"interval"_s,
                            u"timeout"_s,
                            u"health_check_timeout"_s,
                            u"unhealthy_threshold"_s,
                            u"healthy_threshold"_s,
                            u"endpoint"_s,
                            u"expected_response_field"_s,
                            u"check_remote"_s},
                           path);
}

void gatewaySection(YamlReader& reader, const YAML::Node& root, GatewayConfig& config)
{
    const QString path = u"gateway"_s;
    const YAML::Node gw = reader.map(root, "gateway", {});
    if (!gw.IsDefined())
        return;
    if (auto host = reader.string(gw, "host", path)) {
        if (isBindableHost(host->trimmed()))
            config.listen.host = host->trimmed();
        else
            reader.error(gw["host"], u"gateway.host"_s, u"expected an IP address, \"localhost\" or \"*\""_s);
    }
    if (auto port = reader.integer(gw, "port", path, 0, 65535))
        config.listen.port = quint16(*port);
    if (auto port = reader.integer(gw, "ollama_port", path, 0, 65535))
        config.listen.ollamaPort = int(*port);
    readLimits(reader, gw, config.limits);
    // Stored Responses API conversations (issue 13): seconds, 0 keeps none.
    if (auto seconds = reader.number(gw, "responses_retention", path, 0, 10.0 * 365 * 24 * 3600))
        config.responsesRetention = std::chrono::milliseconds(qint64(*seconds * 1000));
    readTls(reader, gw, config.tls);
    readAllowedIps(reader, gw, path, config.access);
    readCors(reader, gw, config.cors);
    if (auto v = reader.seconds(gw, "stream_keepalive", path))
        config.streamKeepAlive = *v;
    readAllowedHosts(reader, gw, config.allowedHosts);
    if (auto on = reader.boolean(gw, "metrics_require_auth", path))
        config.metricsRequireAuth = *on;
    if (auto n = reader.integer(gw, "auth_failures_per_minute", path, 0, 1'000'000))
        config.authFailuresPerMinute = int(*n);
    if (const YAML::Node hc = reader.map(gw, "health_check", path); hc.IsDefined())
        healthCheck(reader, hc, u"gateway.health_check"_s, config.health);
    readUi(reader, gw, config.ui);
    reader.warnUnknownKeys(gw,
                           {u"health_check"_s,
                            u"host"_s,
                            u"port"_s,
                            u"ollama_port"_s,
                            u"cert"_s,
                            u"key"_s,
                            u"allowed_ips"_s,
                            u"cors"_s,
                            u"max_connections"_s,
                            u"max_connections_per_client"_s,
                            u"max_header_kb"_s,
                            u"header_timeout"_s,
                            u"body_timeout"_s,
                            u"keepalive_timeout"_s,
                            u"drain_timeout"_s,
                            u"responses_retention"_s,
                            u"stream_keepalive"_s,
                            u"write_timeout"_s,
                            u"body_min_rate"_s,
                            u"allowed_hosts"_s,
                            u"metrics_require_auth"_s,
                            u"auth_failures_per_minute"_s,
                            u"ui"_s},
                           path);
}

} // namespace SectionParsers

} // namespace sy
