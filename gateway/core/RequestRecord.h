#pragma once

#include "gateway/core/TokenUsage.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QMetaType>
#include <QString>

namespace sy {

/**
 * What one request did, written once when it ends: the source for metrics, the usage log,
 * spend and the dashboard. Plain data, safe to copy across threads.
 */
struct RequestRecord
{
    quint64 requestId = 0;
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
};

} // namespace sy

Q_DECLARE_METATYPE(sy::RequestRecord)
