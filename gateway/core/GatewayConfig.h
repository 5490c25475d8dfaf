#pragma once

#include "gateway/core/CacheSettings.h"
#include "gateway/core/Deployment.h"
#include "gateway/core/GatewaySettings.h"
#include "gateway/core/GuardrailSettings.h"
#include "gateway/core/ServerSpec.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace sy {

/** Where the gateway listens. */
struct ListenConfig
{
    QString host = QStringLiteral(
        "localhost"); ///< "localhost" binds 127.0.0.1 and ::1; "0.0.0.0" or "::" binds all (dual-stack)
    quint16 port = 4000;
    /** gateway.ollama_port: a second port serving the same gateway, for Ollama clients that
        assume 11434; -1: none, 0: any free port. */
    int ollamaPort = -1;

    bool operator==(const ListenConfig&) const = default;
};

/** Protection of the client-facing HTTP front, which may face a LAN or a tailnet. */
struct FrontLimits
{
    qint64 maxBodyBytes = 32 * 1024 * 1024; ///< general_settings.max_request_size_mb
    qsizetype maxHeadBytes = 32 * 1024;
    int maxConnections = 1024;
    int maxConnectionsPerClient = 256; ///< per client IP address; loopback clients only count toward maxConnections
    int maxPipelinedRequests = 16; ///< per connection, queued behind the one being answered
    std::chrono::milliseconds headerTimeout{30'000}; ///< whole request head must arrive within this
    std::chrono::milliseconds bodyTimeout{60'000}; ///< longest silence while a request body arrives
    /** A body must also arrive at this average rate (bytes/s) once bodyTimeout has passed, so a
        body trickled a byte at a time cannot hold a connection for ever (issue #15); 0 = no floor. */
    qint64 bodyMinBytesPerSecond = 4 * 1024;
    /** A client that takes none of the bytes written to it for this long is cut (its request
        ends as 499, its upstream call is aborted and its slots released). */
    std::chrono::milliseconds writeTimeout{60'000};
    /** Responses waiting behind an unfinished one on a pipelined connection, at most (bytes). */
    qint64 maxQueuedResponseBytes = 16 * 1024 * 1024;
    std::chrono::milliseconds keepAliveTimeout{75'000}; ///< idle connection between requests
    std::chrono::milliseconds drainTimeout{10'000}; ///< on shutdown, how long requests in flight may finish
};

/** gateway.ui: the web admin UI the gateway serves itself (issue #17). */
struct UiSettings
{
    bool enabled = true;
    QString path = QStringLiteral("/ui"); ///< starts with '/', no trailing '/'
};

/** What the listening side needs: limits, who may connect, and TLS. */
struct FrontSettings
{
    FrontLimits limits;
    AccessSettings access;
    TlsSettings tls;
};

/**
 * Everything the gateway serves with. Immutable once loaded: the gateway holds it through a
 * shared pointer, so a reload swaps the pointer while requests in flight keep the old one.
 */
struct GatewayConfig
{
    QString sourceFile; ///< empty for a config built in code
    QStringList includedFiles; ///< files pulled in with `include:`, watched like the main one
    QList<Deployment> deployments; ///< in file order
    QString masterKey; ///< general_settings.master_key; empty = no auth (loopback only)
    int maxParallelRequests = 0; ///< general_settings.max_parallel_requests: gateway-wide cap, 0 = none
    /** gateway.stream_keepalive: a translated stream idle this long gets a keep-alive event
        (Anthropic's ping), sent before the first token too; 0 = never. */
    std::chrono::milliseconds streamKeepAlive{10'000};
    /** gateway.responses_retention: how long stored Responses API answers and their
        conversations are kept (previous_response_id, GET /v1/responses/{id}); 0 keeps none. */
    std::chrono::milliseconds responsesRetention{30LL * 24 * 3600 * 1000};
    ListenConfig listen;
    FrontLimits limits;
    TlsSettings tls;
    AccessSettings access;
    CorsSettings cors;
    /** gateway.allowed_hosts: Host header names accepted besides the gateway's own (see HostCheck). */
    QStringList allowedHosts;
    /** gateway.metrics_require_auth; unset: required when listening beyond loopback. */
    std::optional<bool> metricsRequireAuth;
    /** gateway.auth_failures_per_minute: failed authentications from one address before it is
        throttled with 429 (AuthThrottle); 0 = no throttle. */
    int authFailuresPerMinute = 10;
    UiSettings ui;
    RoutingSettings routing;
    QList<AliasGroup> aliasGroups;
    /** Groups whose entries all use a provider not supported yet, and why: asked for, they get a
     *  clear error instead of "does not exist". */
    QHash<QString, QString> unsupportedGroups;
    HealthCheckSettings health;
    CacheSettings cache;
    GuardrailSettings guardrails; ///< issue #16
    StorageSettings storage;
    QList<ServerSpec> servers; ///< managed local servers (`servers:`)

    /** Group names in order of first appearance. */
    QStringList groupNames() const;
    FrontSettings front() const { return {limits, access, tls}; }
    /** True when /metrics needs a key: as configured, else when listening beyond loopback. */
    bool metricsNeedKey() const;
    /** Deployments of @p group, in file order; for a name no group has, the pass-through
        templates whose pattern fits it (Deployment::passThrough). */
    QList<const Deployment*> deploymentsOf(const QString& group) const;
    /** The pass-through templates that serve @p name, the most specific pattern's. */
    QList<const Deployment*> passThroughFor(const QString& name) const;
    /** Why @p name cannot be served when an entry skipped for its provider is what it names
        (its model_name, or the most specific pattern that fits it); empty otherwise. */
    QString unsupportedReason(const QString& name) const;
    const Deployment* deployment(const QString& id) const;
    const ServerSpec* server(const QString& name) const;

private:
    /** How specific the best skipped entry fitting @p name is (-1: none fits), and its reason. */
    qsizetype unsupportedSpecificity(const QString& name, QString* reason = nullptr) const;
};

} // namespace sy
