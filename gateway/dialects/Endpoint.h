#pragma once

#include "gateway/core/Dialect.h"

#include <QByteArray>
#include <QByteArrayView>

namespace sy {

/** What a request asks for, from its method and path. */
enum class Endpoint
{
    // Forwarded to a deployment (an Exchange), each in its client's dialect.
    ChatCompletions,
    Completions,
    Embeddings,
    Messages, ///< Anthropic
    MessagesCountTokens, ///< Anthropic
    Responses, ///< OpenAI Responses
    OllamaChat,
    OllamaGenerate,
    OllamaEmbed,
    OllamaEmbeddings, ///< Ollama's older embeddings API
                      // Answered by the gateway itself.
    Models,
    HealthLiveness,
    HealthReadiness,
    Health,
    Metrics,
    OllamaRoot, ///< GET / (and HEAD): "Ollama is running"
    OllamaVersion,
    OllamaTags,
    OllamaShow,
    OllamaPs,
    OllamaUnsupported, ///< any other /api/ path: Ollama's model management, which a gateway cannot do
    NotFound,
    MethodNotAllowed,
};

/**
 * What a forwarded request does, whatever its dialect: the gateway's core routes, limits and
 * accounts by this; the dialects map it to their own paths.
 */
enum class Operation
{
    Chat, ///< a generated answer: chat completions, messages, responses, Ollama chat/generate
    Completion, ///< OpenAI's legacy text completions
    Embedding,
    CountTokens, ///< Anthropic's /v1/messages/count_tokens
    None, ///< not forwarded
};

/** Classifies @p path (with or without the /v1 prefix, as LiteLLM accepts both). */
Endpoint classifyEndpoint(QByteArrayView method, QByteArrayView path);

/** True for the endpoints forwarded to a backend. */
bool isProxied(Endpoint endpoint);

/** The dialect a client speaks on @p endpoint (OpenAI for the gateway's own endpoints but
    Ollama's). */
Dialect dialectOf(Endpoint endpoint);
/** The dialect errors on @p path are rendered in: Ollama's for / and /api/ (whatever the method),
    else dialectOf(@p endpoint). */
Dialect clientDialectOf(Endpoint endpoint, QByteArrayView path);

Operation operationOf(Endpoint endpoint);

/** A short name for logs and records, e.g. "chat/completions", "messages", "api/chat". */
QByteArray endpointName(Endpoint endpoint);

} // namespace sy
