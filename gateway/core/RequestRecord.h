#pragma once

#include "gateway/core/TokenUsage.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace sy {

/**
 * What one request did, written once when it ends: the source for metrics, the usage log,
 * spend and the dashboard. Plain data, safe to copy across threads.
 */
struct RequestRecord
{
    quint64 requestId = 0;
    /** Unique across instances sharing a database, "<instance>-<requestId>": the request_id of the
        usage log and /spend/logs. Empty: the storage names it. */
    QString logId;
    QDateTime startedAt; ///< UTC
    QString keyHash; ///< hash of the API key used; empty for the master key or no auth
    QString keyAlias;
    QString group; ///< requested model group ("requested_model")
    QString deploymentId; ///< empty when the request never reached a backend
    QString backendModel;
    QString apiBase;
    QString provider;
    QByteArray endpoint; ///< "chat/completions", "completions", "embeddings", "messages", …
    QByteArray dialect = "openai"; ///< the client's API: "openai", "anthropic", "responses", "ollama"
    QByteArray wire; ///< the API the backend was spoken to in; empty when none was reached
    bool stream = false;
    int status = 0; ///< status sent to the client; 499 when the client went away first
    QByteArray errorCode; ///< e.g. upstream_timeout; empty on success
    QString errorMessage; ///< the whole message the client got; empty on success
    int attempts = 0; ///< calls sent to backends, retries and fallbacks included
    int retries = 0; ///< attempts after the first
    QStringList fallbacks; ///< fallback groups tried, in order
    QByteArray cacheStatus; ///< e.g. "hit", "miss"; empty when no cache is configured
    QByteArray guardrailDecision; ///< e.g. "allowed", "blocked: pii"; empty without guardrails
    TokenUsage usage;
    double cost = 0; ///< USD: prompt and completion tokens at the deployment's prices
    qint64 latencyMs = 0; ///< receipt to last byte
    qint64 upstreamLatencyMs = -1; ///< upstream call start to its end; -1 when none
    qint64 ttftMs = -1; ///< receipt to first content event of a stream; -1 when none
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    QHostAddress client; ///< the client's address

    bool succeeded() const { return status >= 200 && status < 400; }
    /** A failure the client caused or was refused for (4xx, but not 499: the client left). */
    bool clientError() const { return status >= 400 && status < 500 && status != 499; }
    bool serverError() const { return status >= 500; }
};

} // namespace sy

Q_DECLARE_METATYPE(sy::RequestRecord)
