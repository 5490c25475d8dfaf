#pragma once

#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/Endpoint.h"

#include <QByteArray>

#include <optional>

namespace sy {

/** An OpenAI embeddings answer as Ollama's: /api/embed's `{"model","embeddings":[[…]],
    "prompt_eval_count"}` or the older /api/embeddings' `{"embedding":[…]}`. The vectors are
    copied as the backend wrote them, never parsed into numbers. */
namespace OllamaEmbedAnswer {

std::optional<QByteArray>
fromOpenAi(Endpoint endpoint, const QByteArray& body, const AnswerContext& context, QString* why);

} // namespace OllamaEmbedAnswer

} // namespace sy
