#include "gateway/routing/FailoverPolicy.h"

#include "gateway/core/ApiError.h"
#include "gateway/core/GatewaySettings.h"

using namespace Qt::StringLiterals;

namespace sy::FailoverPolicy {

std::optional<FailureKind> classify(const ApiError& error)
{
    if (error.code == "upstream_connect_failed" || error.code == "upstream_tls_failed")
        return FailureKind::ConnectFailed;
    if (error.code == "upstream_timeout")
        return FailureKind::Timeout;
    if (error.status == 429)
        return FailureKind::RateLimited;
    if (error.status >= 500)
        return FailureKind::ServerError;
    return std::nullopt;
}

bool isContextWindowError(const ApiError& error)
{
    if (error.status != 400 && error.status != 413)
        return false;
    if (error.code == "context_length_exceeded")
        return true;
    // What OpenAI, vLLM, llama.cpp, LM Studio and Ollama say when a prompt does not fit.
    const QString m = error.message.toLower();
    for (const char16_t* phrase :
         {u"context length", u"context_length", u"context size", u"context window", u"maximum context"}) {
        if (m.contains(QStringView(phrase)))
            return true;
    }
    return false;
}

QStringList fallbacksFor(const RoutingSettings& routing, const QString& group, bool contextWindow)
{
    const QList<FallbackRule>& rules = contextWindow ? routing.contextWindowFallbacks : routing.fallbacks;
    for (const FallbackRule& rule : rules) {
        if (rule.group == group)
            return rule.fallbacks;
    }
    return contextWindow ? QStringList() : routing.defaultFallbacks;
}

qint64 sameDeploymentDelayMs(int retry)
{
    // 250 ms, 500 ms, 1 s, then 2 s: enough for a restarting local server, short for a client.
    return qMin<qint64>(250LL << qBound(0, retry - 1, 3), kMaxRetryWaitMs);
}

} // namespace sy::FailoverPolicy
