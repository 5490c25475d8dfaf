#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QSet>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace sy {

using std::chrono::milliseconds;

/** A Redis server: router_settings.redis_* or cache_params. */
struct RedisSettings
{
    QString host;
    int port = 6379;
    QString password;
    int db = 0;
    QString url; ///< redis://[:password@]host:port[/db], when given instead of the parts

    bool isConfigured() const { return !host.isEmpty() || !url.isEmpty(); }
    bool operator==(const RedisSettings&) const = default;
};

/** gateway.cert / gateway.key: serve HTTPS instead of HTTP. */
struct TlsSettings
{
    QString certFile;
    QString keyFile;
    QList<QSslCertificate> certificateChain; ///< loaded from certFile, leaf first
    /** Optional so that a config without TLS never makes a QSslKey: that loads OpenSSL, about
        4 MB of resident memory the gateway would never use. */
    std::optional<QSslKey> privateKey;

    bool isEnabled() const { return !certificateChain.isEmpty(); }
};

/** gateway.allowed_ips (CIDRs) and general_settings.allowed_ips: who may connect at all. */
struct AccessSettings
{
    QList<QPair<QHostAddress, int>> allowedSubnets; ///< empty: everyone

    bool allows(const QHostAddress& peer) const;
};

/** gateway.cors: browsers on these origins may call the API directly. */
struct CorsSettings
{
    QStringList allowedOrigins; ///< "*" allows any origin; empty: CORS off

    bool isEnabled() const { return !allowedOrigins.isEmpty(); }
    /** The Access-Control-Allow-Origin value for @p origin, or empty when not allowed. */
    QByteArray allowOriginFor(QByteArrayView origin) const;
};

/** One `fallbacks` entry: when @p group fails, try these groups in order. */
struct FallbackRule
{
    QString group;
    QStringList fallbacks;
    int line = 0; ///< where it is defined, for diagnostics
    int column = 0;
};

/** A model group made of other groups (seed 000's router_settings.routers). */
struct AliasGroup
{
    QString name;
    QStringList routes; ///< the groups whose deployments it spreads over
    int line = 0; ///< where it is defined, for diagnostics
    int column = 0;
};

/** router_settings, and the litellm_settings keys that steer routing. */
struct RoutingSettings
{
    QString strategy = QStringLiteral("simple-shuffle"); ///< LiteLLM's default
    QHash<QString, QString> groupStrategies; ///< per model group, e.g. from seed-style `routers`
    int numRetries = 2; ///< LiteLLM's default: three attempts in all
    std::optional<milliseconds> defaultTimeout; ///< litellm_settings.request_timeout / router_settings.timeout
    int allowedFails = 3; ///< failures within a minute before a cooldown
    milliseconds cooldownTime{5'000};
    QList<FallbackRule> fallbacks;
    QList<FallbackRule> contextWindowFallbacks;
    QStringList defaultFallbacks;
    QHash<QString, QString> modelGroupAlias; ///< alias → group
    QSet<QString> hiddenAliases; ///< aliases that /v1/models does not list
    bool enablePreCallChecks = false;
    bool sessionAffinity = false;
    int queueSize = 100; ///< requests waiting for a saturated group
    milliseconds queueTimeout{30'000};
    RedisSettings redis;

    QString strategyFor(const QString& group) const { return groupStrategies.value(group, strategy); }
};

/** general_settings.health_check_interval, background_health_checks, and seed-style health_check. */
struct HealthCheckSettings
{
    bool background = true;
    milliseconds interval{30'000};
    milliseconds timeout{5'000};
    int healthyThreshold = 1; ///< consecutive passes to mark a deployment healthy
    int unhealthyThreshold = 2; ///< consecutive failures to mark it unhealthy
    QByteArray endpoint; ///< overrides the per-backend check path when set
    QByteArray expectedField; ///< a top-level JSON field the check's answer must have
    bool checkRemoteProviders = false; ///< off: never spend a remote provider's quota on checks
};

/** general_settings.database_url and related: where keys and usage are kept. */
struct StorageSettings
{
    QString databaseUrl; ///< empty: SQLite in the app data dir; postgres://… : PostgreSQL; sqlite:///path
    bool disableSpendLogs = false;
    /** general_settings.spend_logs_retention: request records older than this are deleted, in
        batches on the storage thread (issue #15). 0 = keep them for ever. */
    milliseconds spendLogsRetention{30LL * 24 * 3600 * 1000};
    /** Where the default SQLite file goes; set by the app (AppPaths::dataDir()), not by the file.
        Empty with no databaseUrl: nothing is stored (virtual keys are unavailable). */
    QString dataDir;

    bool operator==(const StorageSettings&) const = default;
};

} // namespace sy
