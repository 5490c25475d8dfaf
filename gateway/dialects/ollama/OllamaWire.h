#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/Deployment.h"
#include "gateway/core/JsonBody.h"
#include "gateway/core/TokenUsage.h"

#include <QByteArray>

namespace sy {

/** Ollama's error shape, usage counts and stop reasons, shared by its encoder, decoder and filter. */
namespace OllamaWire {

/** The Ollama release whose API the gateway serves: what GET /api/version reports, so clients
    that gate features on the version (think, structured outputs) enable them. */
inline constexpr QByteArrayView kApiVersion = "0.9.0";

/** {"error":"…"}: Ollama's only error shape, which its clients read as a string. */
QByteArray errorJson(const ApiError& error);
/** The message an Ollama client should see: 401s say how an Ollama client passes a key. */
QString clientMessage(const ApiError& error);
/** An error a backend answered in Ollama's shape, as the gateway's ApiError. */
ApiError errorFrom(int status, const QByteArray& body);

/** prompt_eval_count and eval_count of a final (done) object; nullopt when it has neither. */
std::optional<TokenUsage> usageFrom(const JsonBody& json);

/** OpenAI finish_reason → Ollama done_reason. */
QByteArray doneReason(const QByteArray& finishReason);
/** Ollama done_reason → OpenAI finish_reason. */
QByteArray finishReason(const QByteArray& doneReason);

/** Ollama's created_at: the current time in RFC 3339 with fractional seconds, UTC. */
QByteArray createdAt();
/** The same for a given time (milliseconds since 1970, UTC; years up to 9999). */
QByteArray createdAt(qint64 msecsSinceEpoch);

/** Where a deployment's native Ollama API lives: its api_base path without the /v1 of Ollama's
    OpenAI-compatible API (http://host:11434/v1 → "", …/ollama/v1 → "/ollama"). */
QByteArray nativeRoot(const Deployment& deployment);

} // namespace OllamaWire

} // namespace sy
